//! The two looks: the default dark one and a high-contrast one (black, white and yellow), each
//! a palette of every colour text is drawn in and every colour it is drawn on. WCAG 2.1 AA asks
//! for a contrast of at least 4.5:1 between text and its background; a test computes it for
//! every pair the screens use, in both themes.

use bevy_egui::egui::{self, Color32, Stroke};
use serde::{Deserialize, Serialize};

/// Which look the game has (a setting).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Theme {
    #[default]
    Dark,
    HighContrast,
}

impl Theme {
    pub const ALL: [Theme; 2] = [Theme::Dark, Theme::HighContrast];

    /// The message id of the theme's name.
    pub fn label_id(self) -> &'static str {
        match self {
            Theme::Dark => "title-theme-dark",
            Theme::HighContrast => "title-theme-high-contrast",
        }
    }

    /// Every colour of the look.
    pub fn palette(self) -> Palette {
        match self {
            Theme::Dark => Palette {
                panel: Color32::from_gray(27),
                text_edit: Color32::from_gray(10),
                button: Color32::from_gray(60),
                button_hovered: Color32::from_gray(70),
                text: Color32::from_gray(215),
                strong_text: Color32::from_gray(245),
                weak_text: Color32::from_gray(180),
                customer_bubble: Color32::from_rgb(48, 56, 70),
                trainee_bubble: Color32::from_rgb(30, 64, 78),
                focus: Color32::from_rgb(90, 170, 255),
            },
            Theme::HighContrast => Palette {
                panel: Color32::BLACK,
                text_edit: Color32::BLACK,
                button: Color32::from_gray(35),
                button_hovered: Color32::from_gray(50),
                text: Color32::WHITE,
                strong_text: Color32::WHITE,
                weak_text: Color32::from_gray(225),
                customer_bubble: Color32::from_gray(20),
                trainee_bubble: Color32::from_rgb(0, 40, 60),
                focus: Color32::from_rgb(255, 220, 0),
            },
        }
    }
}

/// The colours of one look. The accents (good, warning, bad) are shared by both looks and
/// checked against every background of each.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Palette {
    pub panel: Color32,
    pub text_edit: Color32,
    pub button: Color32,
    pub button_hovered: Color32,
    pub text: Color32,
    pub strong_text: Color32,
    pub weak_text: Color32,
    pub customer_bubble: Color32,
    pub trainee_bubble: Color32,
    /// The outline of the widget that has the keyboard focus.
    pub focus: Color32,
}

/// The accents every screen uses for gains, warnings and losses (colour is never the only
/// signal: every figure also shows its number and sign).
pub const GOOD: Color32 = Color32::from_rgb(96, 190, 120);
pub const WARN: Color32 = Color32::from_rgb(230, 180, 70);
pub const BAD: Color32 = Color32::from_rgb(245, 140, 130);
/// The number written on a meter's bar (any of the accents).
pub const ON_ACCENT: Color32 = Color32::BLACK;

impl Palette {
    /// Every (what, text colour, background) the screens draw.
    pub fn text_pairs(&self) -> Vec<(&'static str, Color32, Color32)> {
        let mut pairs = vec![
            ("text on a panel", self.text, self.panel),
            ("strong text on a panel", self.strong_text, self.panel),
            ("weak text on a panel", self.weak_text, self.panel),
            ("text in a text box", self.text, self.text_edit),
            ("hint in a text box", self.weak_text, self.text_edit),
            ("button text", self.strong_text, self.button),
            (
                "button text, hovered",
                self.strong_text,
                self.button_hovered,
            ),
            ("customer's line", self.text, self.customer_bubble),
            ("customer's direction", self.weak_text, self.customer_bubble),
            ("trainee's line", self.text, self.trainee_bubble),
            ("trainee's note", self.weak_text, self.trainee_bubble),
        ];
        for (name, accent) in [("good", GOOD), ("warning", WARN), ("bad", BAD)] {
            pairs.push((name, accent, self.panel));
            pairs.push((name, accent, self.customer_bubble));
            pairs.push(("a meter's number", ON_ACCENT, accent));
        }
        pairs
    }

    /// egui's look from the palette.
    pub fn visuals(&self) -> egui::Visuals {
        let mut visuals = egui::Visuals::dark();
        visuals.override_text_color = None;
        visuals.weak_text_color = Some(self.weak_text);
        visuals.panel_fill = self.panel;
        visuals.window_fill = self.panel;
        visuals.extreme_bg_color = self.text_edit;
        visuals.text_edit_bg_color = Some(self.text_edit);
        visuals.widgets.noninteractive.fg_stroke = Stroke::new(1.0, self.text);
        visuals.widgets.noninteractive.bg_fill = self.panel;
        visuals.widgets.noninteractive.weak_bg_fill = self.panel;
        visuals.widgets.inactive.fg_stroke = Stroke::new(1.0, self.strong_text);
        visuals.widgets.inactive.bg_fill = self.button;
        visuals.widgets.inactive.weak_bg_fill = self.button;
        visuals.widgets.hovered.fg_stroke = Stroke::new(1.5, self.strong_text);
        visuals.widgets.hovered.bg_fill = self.button_hovered;
        visuals.widgets.hovered.weak_bg_fill = self.button_hovered;
        // Keyboard focus is drawn as the selection outline: make it plain to see.
        visuals.selection.stroke = Stroke::new(2.0, self.focus);
        visuals.widgets.active.bg_stroke = Stroke::new(2.0, self.focus);
        visuals.widgets.hovered.bg_stroke = Stroke::new(1.5, self.focus);
        if self.panel == Color32::BLACK {
            // High contrast: every widget outlined.
            visuals.widgets.inactive.bg_stroke = Stroke::new(1.0, self.text);
            visuals.widgets.noninteractive.bg_stroke = Stroke::new(1.0, self.weak_text);
        }
        visuals
    }
}

/// WCAG 2.1 relative luminance of an sRGB colour (alpha ignored: text is drawn opaque).
#[cfg(test)]
pub fn luminance(colour: Color32) -> f64 {
    let channel = |value: u8| {
        let c = f64::from(value) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(colour.r()) + 0.7152 * channel(colour.g()) + 0.0722 * channel(colour.b())
}

/// WCAG 2.1 contrast ratio, 1 to 21.
#[cfg(test)]
pub fn contrast(a: Color32, b: Color32) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The palette the screens draw with now, kept in egui's memory by the style system.
pub fn current(ctx: &egui::Context) -> Palette {
    ctx.data(|data| data.get_temp::<Theme>(egui::Id::NULL))
        .unwrap_or_default()
        .palette()
}

/// Makes `theme` the look of `ctx`.
pub fn apply(ctx: &egui::Context, theme: Theme) {
    ctx.set_visuals(theme.palette().visuals());
    ctx.data_mut(|data| data.insert_temp(egui::Id::NULL, theme));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ratio_is_the_wcag_one() {
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 1e-9);
        assert!((contrast(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 1e-9);
        // #767676 on white is the well-known 4.54:1.
        let grey = Color32::from_gray(0x76);
        assert!((contrast(grey, Color32::WHITE) - 4.54).abs() < 0.01);
    }

    #[test]
    fn every_text_of_every_theme_has_at_least_aa_contrast() {
        let mut failures = Vec::new();
        for theme in Theme::ALL {
            for (what, text, background) in theme.palette().text_pairs() {
                let ratio = contrast(text, background);
                if ratio < 4.5 {
                    failures.push(format!("{}: {what} {ratio:.2}:1", theme.label_id()));
                }
            }
        }
        assert!(failures.is_empty(), "below 4.5:1: {failures:?}");
        // The high-contrast look is at least as clear as the default, pair by pair.
        let dark = Theme::Dark.palette().text_pairs();
        let high = Theme::HighContrast.palette().text_pairs();
        for ((what, text, background), (_, high_text, high_background)) in dark.iter().zip(&high) {
            assert!(
                contrast(*high_text, *high_background) + 0.01 >= contrast(*text, *background)
                    || contrast(*high_text, *high_background) >= 7.0,
                "{what}"
            );
        }
    }
}
