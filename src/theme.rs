//! Light and dark: the page follows `prefers-color-scheme` (CSS `light-dark()` in www/style.css)
//! unless the user picks one, which is kept in localStorage and set as `<html data-theme>`.

use crate::persist::storage;

pub const THEME_KEY: &str = "tsw-playground/theme";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    pub fn name(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "System",
            Theme::Light => "Light",
            Theme::Dark => "Dark",
        }
    }

    pub fn from_name(name: &str) -> Theme {
        Theme::ALL.into_iter().find(|t| t.name() == name).unwrap_or(Theme::System)
    }

    /// The stored choice (System when there is none).
    pub fn stored() -> Theme {
        storage().and_then(|s| s.get_item(THEME_KEY).ok().flatten()).map_or(Theme::System, |n| Theme::from_name(&n))
    }

    /// Sets `<html data-theme>` (none for System); `remember` keeps the choice.
    pub fn apply(self, remember: bool) {
        if let Some(root) = gloo::utils::document().document_element() {
            let _ = match self {
                Theme::System => root.remove_attribute("data-theme"),
                _ => root.set_attribute("data-theme", self.name()),
            };
        }
        if let (true, Some(s)) = (remember, storage()) {
            let _ = match self {
                Theme::System => s.remove_item(THEME_KEY),
                _ => s.set_item(THEME_KEY, self.name()),
            };
        }
    }
}
