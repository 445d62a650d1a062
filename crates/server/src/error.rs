//! Every refusal the server gives, as an HTTP status and a sentence. Internal failures are
//! logged on the server and answered with no detail: a database error can quote a query or a
//! connection string, which is nobody's business on the other end.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rapport_core::submission::Refusal;

/// Why a request was refused.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("sign in first (the token is missing, unknown or revoked)")]
    Unauthorized,
    #[error("wrong name or password")]
    WrongPassword,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    /// The submission was understood and checked, and is refused: the reason says which check.
    #[error("{0}")]
    Refused(String),
    #[error("too many failed sign-ins for this name; try again in {retry_after} s")]
    TooManyAttempts { retry_after: u64 },
    #[error("the server could not do this just now; try again")]
    Internal,
}

impl ApiError {
    fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized | ApiError::WrongPassword => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::Refused(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Internal => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// Logs `error` (the server's own log) and answers without its detail.
    pub fn internal(error: impl std::fmt::Display) -> Self {
        eprintln!("rapport serve: internal error: {error}");
        ApiError::Internal
    }
}

impl From<rapport_store::StoreError> for ApiError {
    fn from(error: rapport_store::StoreError) -> Self {
        ApiError::internal(error)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let mut response = (
            status,
            Json(Refusal {
                error: self.to_string(),
            }),
        )
            .into_response();
        if let ApiError::TooManyAttempts { retry_after } = self
            && let Ok(value) = HeaderValue::from_str(&retry_after.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}
