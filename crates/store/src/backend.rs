//! The two databases the store runs on, behind one small interface: SQL text with `$1`-style
//! parameters, a handful of value types, and rows read back as plain values. The queries in
//! the store are written once in the SQL both SQLite and PostgreSQL accept.

use postgres::types::{ToSql, Type};

/// A value read back from a query.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

/// A query parameter. Nulls carry their type because PostgreSQL checks it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Param<'a> {
    Int(Option<i64>),
    Text(Option<&'a str>),
}

impl From<i64> for Param<'_> {
    fn from(value: i64) -> Self {
        Param::Int(Some(value))
    }
}

impl From<Option<i64>> for Param<'_> {
    fn from(value: Option<i64>) -> Self {
        Param::Int(value)
    }
}

impl<'a> From<&'a str> for Param<'a> {
    fn from(value: &'a str) -> Self {
        Param::Text(Some(value))
    }
}

impl<'a> From<Option<&'a str>> for Param<'a> {
    fn from(value: Option<&'a str>) -> Self {
        Param::Text(value)
    }
}

/// One row of a result.
#[derive(Debug, Clone, PartialEq)]
pub struct Row(pub Vec<Value>);

/// A column held something other than the type the store expects.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("column {column} holds {found:?}, not {expected}")]
pub struct ColumnError {
    pub column: usize,
    pub found: Value,
    pub expected: &'static str,
}

impl Row {
    fn value(&self, column: usize) -> &Value {
        self.0.get(column).unwrap_or(&Value::Null)
    }

    fn mismatch(&self, column: usize, expected: &'static str) -> ColumnError {
        ColumnError {
            column,
            found: self.value(column).clone(),
            expected,
        }
    }

    pub fn int(&self, column: usize) -> Result<i64, ColumnError> {
        self.opt_int(column)?
            .ok_or_else(|| self.mismatch(column, "an integer"))
    }

    pub fn opt_int(&self, column: usize) -> Result<Option<i64>, ColumnError> {
        match self.value(column) {
            Value::Null => Ok(None),
            Value::Int(value) => Ok(Some(*value)),
            _ => Err(self.mismatch(column, "an integer")),
        }
    }

    /// An integer that must fit `T` (scores, meters, counts).
    pub fn small<T: TryFrom<i64>>(&self, column: usize) -> Result<T, ColumnError> {
        T::try_from(self.int(column)?).map_err(|_| self.mismatch(column, "a small integer"))
    }

    pub fn opt_small<T: TryFrom<i64>>(&self, column: usize) -> Result<Option<T>, ColumnError> {
        self.opt_int(column)?
            .map(|value| T::try_from(value).map_err(|_| self.mismatch(column, "a small integer")))
            .transpose()
    }

    pub fn real(&self, column: usize) -> Result<f64, ColumnError> {
        match self.value(column) {
            Value::Real(value) => Ok(*value),
            Value::Int(value) => Ok(*value as f64),
            _ => Err(self.mismatch(column, "a number")),
        }
    }

    pub fn text(&self, column: usize) -> Result<String, ColumnError> {
        self.opt_text(column)?
            .ok_or_else(|| self.mismatch(column, "text"))
    }

    pub fn opt_text(&self, column: usize) -> Result<Option<String>, ColumnError> {
        match self.value(column) {
            Value::Null => Ok(None),
            Value::Text(value) => Ok(Some(value.clone())),
            _ => Err(self.mismatch(column, "text")),
        }
    }
}

/// Why a statement failed, from either database.
#[derive(Debug, thiserror::Error)]
pub enum SqlError {
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    #[error(transparent)]
    Postgres(#[from] postgres::Error),
    #[error(transparent)]
    Column(#[from] ColumnError),
}

/// Runs statements: a connection, or a transaction on one.
pub trait Sql {
    /// Runs a statement; returns the rows it changed.
    fn execute(&mut self, sql: &str, params: &[Param]) -> Result<u64, SqlError>;
    /// Runs a query and reads every row.
    fn query(&mut self, sql: &str, params: &[Param]) -> Result<Vec<Row>, SqlError>;
}

/// SQLite numbers parameters `?1`; the store's SQL writes them `$1` as PostgreSQL does.
fn sqlite_placeholders(sql: &str) -> std::borrow::Cow<'_, str> {
    if sql.contains('$') {
        std::borrow::Cow::Owned(sql.replace('$', "?"))
    } else {
        std::borrow::Cow::Borrowed(sql)
    }
}

fn sqlite_params<'a>(params: &'a [Param<'a>]) -> Vec<&'a dyn rusqlite::ToSql> {
    params
        .iter()
        .map(|param| -> &dyn rusqlite::ToSql {
            match param {
                Param::Int(value) => value,
                Param::Text(value) => value,
            }
        })
        .collect()
}

/// A SQLite connection (or the connection a transaction runs on).
pub struct Sqlite<'a>(pub &'a rusqlite::Connection);

impl Sql for Sqlite<'_> {
    fn execute(&mut self, sql: &str, params: &[Param]) -> Result<u64, SqlError> {
        let changed = self
            .0
            .execute(&sqlite_placeholders(sql), sqlite_params(params).as_slice())?;
        Ok(changed as u64)
    }

    fn query(&mut self, sql: &str, params: &[Param]) -> Result<Vec<Row>, SqlError> {
        let mut statement = self.0.prepare_cached(&sqlite_placeholders(sql))?;
        let columns = statement.column_count();
        let mut rows = statement.query(sqlite_params(params).as_slice())?;
        let mut read = Vec::new();
        while let Some(row) = rows.next()? {
            let mut values = Vec::with_capacity(columns);
            for column in 0..columns {
                use rusqlite::types::ValueRef;
                values.push(match row.get_ref(column)? {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(value) => Value::Int(value),
                    ValueRef::Real(value) => Value::Real(value),
                    ValueRef::Text(bytes) | ValueRef::Blob(bytes) => {
                        Value::Text(String::from_utf8_lossy(bytes).into_owned())
                    }
                });
            }
            read.push(Row(values));
        }
        Ok(read)
    }
}

/// Statements a PostgreSQL connection has prepared, by their text: a statement is parsed and
/// planned once per connection, then each run is one round trip instead of two.
pub type Prepared = std::collections::HashMap<String, postgres::Statement>;

/// A PostgreSQL client or transaction, with its connection's prepared statements.
pub struct Postgres<'a, C> {
    pub client: &'a mut C,
    pub prepared: &'a mut Prepared,
}

impl<C: postgres::GenericClient> Postgres<'_, C> {
    fn statement(&mut self, sql: &str) -> Result<postgres::Statement, postgres::Error> {
        if let Some(statement) = self.prepared.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.prepare(sql)?;
        // A bound keeps a connection that is sent ever new texts from growing without end.
        if self.prepared.len() >= 512 {
            self.prepared.clear();
        }
        self.prepared.insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }
}

fn postgres_params<'a>(params: &'a [Param<'a>]) -> Vec<&'a (dyn ToSql + Sync)> {
    params
        .iter()
        .map(|param| -> &(dyn ToSql + Sync) {
            match param {
                Param::Int(value) => value,
                Param::Text(value) => value,
            }
        })
        .collect()
}

fn postgres_value(row: &postgres::Row, column: usize) -> Result<Value, postgres::Error> {
    let kind = row.columns()[column].type_().clone();
    Ok(if kind == Type::INT8 {
        row.try_get::<_, Option<i64>>(column)?
            .map_or(Value::Null, Value::Int)
    } else if kind == Type::INT4 {
        row.try_get::<_, Option<i32>>(column)?
            .map_or(Value::Null, |value| Value::Int(value.into()))
    } else if kind == Type::INT2 {
        row.try_get::<_, Option<i16>>(column)?
            .map_or(Value::Null, |value| Value::Int(value.into()))
    } else if kind == Type::FLOAT8 {
        row.try_get::<_, Option<f64>>(column)?
            .map_or(Value::Null, Value::Real)
    } else {
        // Text, and anything else the store never selects without a cast.
        row.try_get::<_, Option<String>>(column)?
            .map_or(Value::Null, Value::Text)
    })
}

impl<C: postgres::GenericClient> Sql for Postgres<'_, C> {
    fn execute(&mut self, sql: &str, params: &[Param]) -> Result<u64, SqlError> {
        let statement = self.statement(sql)?;
        Ok(self.client.execute(&statement, &postgres_params(params))?)
    }

    fn query(&mut self, sql: &str, params: &[Param]) -> Result<Vec<Row>, SqlError> {
        let statement = self.statement(sql)?;
        let rows = self.client.query(&statement, &postgres_params(params))?;
        let mut read = Vec::with_capacity(rows.len());
        for row in &rows {
            let values = (0..row.len())
                .map(|column| postgres_value(row, column))
                .collect::<Result<_, _>>()?;
            read.push(Row(values));
        }
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_reads_dollar_parameters_and_every_value_type() {
        let connection = rusqlite::Connection::open_in_memory().unwrap();
        let mut sql = Sqlite(&connection);
        sql.execute("CREATE TABLE t (a INTEGER, b TEXT, c REAL)", &[])
            .unwrap();
        sql.execute(
            "INSERT INTO t (a, b, c) VALUES ($1, $2, 2.5), ($3, $4, NULL)",
            &[
                7.into(),
                "seven".into(),
                Param::Int(None),
                Param::Text(None),
            ],
        )
        .unwrap();
        let rows = sql
            .query("SELECT a, b, c FROM t WHERE $1 = 1 ORDER BY a", &[1.into()])
            .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].opt_int(0).unwrap(), None);
        assert_eq!(rows[1].int(0).unwrap(), 7);
        assert_eq!(rows[1].text(1).unwrap(), "seven");
        assert_eq!(rows[1].real(2).unwrap(), 2.5);
        assert!(rows[1].text(0).is_err());
        assert!(rows[0].small::<u8>(0).is_err());
    }
}
