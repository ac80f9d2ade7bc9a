//! Browser entry point: Trunk builds this binary; it only mounts [`vpclab_web::App`].

fn main() {
    yew::Renderer::<vpclab_web::App>::new().render();
}
