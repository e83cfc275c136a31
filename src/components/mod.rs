//! One component per file.

pub mod batch;
mod batch_panel;
mod clock_panel;
mod code_dialog;
mod confirm;
mod diagnostics;
mod examples_menu;
mod guide_panel;
mod highlight;
mod inspector;
mod keep_bar;
mod notices;
mod operation_picker;
mod panel;
mod quick_fix;
mod request_editor;
mod response_panel;
mod run_button;
mod theme_toggle;
mod time_axis;
mod workbench_tabs;

pub use batch_panel::BatchPanel;
pub use clock_panel::ClockPanel;
pub use code_dialog::CodeDialog;
pub use confirm::Confirm;
pub use diagnostics::{locate, Diagnostics};
pub use examples_menu::ExamplesMenu;
pub use guide_panel::GuidePanel;
pub use inspector::Inspector;
pub use keep_bar::KeepBar;
pub use notices::{notice_list, NoticeAction, Notices};
pub use operation_picker::{OperationPicker, OperationPickerProps};
pub use panel::PanelProps;
pub use request_editor::{RequestEditor, RequestEditorProps};
pub use response_panel::{ResponsePanel, ResponsePanelProps};
pub use run_button::run_button;
pub use theme_toggle::theme_toggle;
pub use workbench_tabs::workbench_tabs;

/// A table cell's ISO-8601 time that a narrow column breaks after its date, nowhere else (with
/// the `td.time` style).
pub fn time_cell(when: &str) -> yew::Html {
    use yew::html;
    match when.split_once('T') {
        Some((d, t)) => html! { <td class="mono time">{ format!("{d}T") }<wbr />{ t.to_string() }</td> },
        None => html! { <td class="mono time">{ when.to_string() }</td> },
    }
}
