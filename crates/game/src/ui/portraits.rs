//! The customer portraits (`assets/portraits/`, DiceBear's Open Peeps style, CC0), compiled in
//! and turned into textures the first time each is shown.

use bevy_egui::egui;
use rapport_core::portrait::Expression;

/// One person's five expressions, in the order of [`Expression::ALL`].
type Faces = [&'static [u8]; 5];

macro_rules! person {
    ($id:literal) => {
        (
            $id,
            [
                include_bytes!(concat!(
                    "../../../../assets/portraits/",
                    $id,
                    "/furious.png"
                )),
                include_bytes!(concat!(
                    "../../../../assets/portraits/",
                    $id,
                    "/annoyed.png"
                )),
                include_bytes!(concat!(
                    "../../../../assets/portraits/",
                    $id,
                    "/neutral.png"
                )),
                include_bytes!(concat!(
                    "../../../../assets/portraits/",
                    $id,
                    "/warming.png"
                )),
                include_bytes!(concat!(
                    "../../../../assets/portraits/",
                    $id,
                    "/pleased.png"
                )),
            ],
        )
    };
}

/// Every portrait's PNG files, by id (the ids of `rapport_core::portrait::PORTRAITS`).
const FILES: [(&str, Faces); 14] = [
    person!("man-bald-goatee"),
    person!("man-dreads"),
    person!("man-full-beard"),
    person!("man-turban"),
    person!("older-man-grey-hair"),
    person!("older-woman-grey-bob"),
    person!("older-woman-grey-bun"),
    person!("woman-afro"),
    person!("woman-bangs"),
    person!("woman-bun-glasses"),
    person!("woman-hijab"),
    person!("young-man-short-hair"),
    person!("young-man-twists"),
    person!("young-woman-long-hair"),
];

/// The texture of `portrait` showing `expression`; `None` for an unknown id or a file that
/// does not decode (the caller draws without it). Each is made once and kept in the egui
/// context under its own id, so a frame looks up one handle, not a table.
pub fn texture(
    ctx: &egui::Context,
    portrait: &str,
    expression: Expression,
) -> Option<egui::TextureHandle> {
    let (id, faces) = FILES.iter().find(|(id, _)| *id == portrait)?;
    let key = egui::Id::new(("rapport-portrait", *id, expression));
    if let Some(made) = ctx.data(|data| data.get_temp::<Option<egui::TextureHandle>>(key)) {
        return made;
    }
    let index = Expression::ALL.iter().position(|e| *e == expression)?;
    let made = decode(faces[index]).map(|image| {
        ctx.load_texture(
            format!("portrait-{id}-{}", expression.file_stem()),
            image,
            egui::TextureOptions::LINEAR,
        )
    });
    ctx.data_mut(|data| data.insert_temp(key, made.clone()));
    made
}

fn decode(png: &[u8]) -> Option<egui::ColorImage> {
    let image = image::load_from_memory_with_format(png, image::ImageFormat::Png)
        .ok()?
        .to_rgba8();
    let size = [image.width() as usize, image.height() as usize];
    Some(egui::ColorImage::from_rgba_unmultiplied(
        size,
        image.as_raw(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_portrait_is_compiled_in_and_decodes() {
        let ids: Vec<&str> = FILES.iter().map(|(id, _)| *id).collect();
        assert_eq!(ids, rapport_core::portrait::PORTRAITS);
        for (id, faces) in FILES {
            for (face, expression) in faces.iter().zip(Expression::ALL) {
                let image = decode(face).unwrap_or_else(|| panic!("{id} {expression:?}"));
                assert_eq!(image.size, [256, 256], "{id} {expression:?}");
            }
        }
        for language in rapport_i18n::Language::ALL {
            let words = rapport_i18n::Words::new(language);
            for expression in Expression::ALL {
                let id = format!("common-looks-{}", expression.file_stem());
                assert!(words.has(&id), "{language:?} has no {id}");
            }
        }
        let ctx = egui::Context::default();
        assert!(texture(&ctx, "woman-afro", Expression::Pleased).is_some());
        assert!(texture(&ctx, "nobody", Expression::Pleased).is_none());
    }
}
