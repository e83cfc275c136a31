//! One component per file.

mod operation_picker;
mod request_editor;
mod response_panel;
mod run_button;

pub use operation_picker::{OperationPicker, OperationPickerProps};
pub use request_editor::{RequestEditor, RequestEditorProps};
pub use response_panel::{ResponsePanel, ResponsePanelProps};
pub use run_button::{RunButton, RunButtonProps};
