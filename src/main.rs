//! The sfn-lab web app entry point: mounts the Yew app on the page body.

fn main() {
    yew::Renderer::<sfn_lab_web::app::App>::new().render();
}
