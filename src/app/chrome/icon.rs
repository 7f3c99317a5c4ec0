//! The window's icon and the app id desktops group its windows by.

use iced::window;

/// The reverse-DNS id used everywhere the OS names the app: the Linux window's
/// app id (Wayland) and WM_CLASS (X11), the `.desktop` file, the AppStream id
/// and the macOS bundle id. Desktops match the window to its launcher by it.
pub const APP_ID: &str = "org.keeperrecovery.KeeperRecovery";

/// Raw 8-bit RGBA, rendered from the SVG by `packaging/icons/render`: nothing
/// to decode at start.
const ICON_RGBA: &[u8] = include_bytes!("../../../packaging/icons/window-64x64.rgba");
const ICON_SIZE: u32 = 64;

/// The window's icon (title bar, task switcher). `None` only if the embedded
/// pixels do not fit the size, which a unit test rules out.
pub fn window_icon() -> Option<window::Icon> {
    window::icon::from_rgba(ICON_RGBA.to_vec(), ICON_SIZE, ICON_SIZE).ok()
}

/// The window's icon and, on Linux, its app id; the rest as iced's defaults.
pub fn window_settings() -> window::Settings {
    window::Settings {
        icon: window_icon(),
        // Windows' screen-reader adapter attaches to the window before it is
        // first shown; the window is shown right after.
        visible: !crate::app::accessibility::Accessibility::HIDDEN_UNTIL_ATTACHED,
        // The smallest size every view is checked at (tests/it/layout.rs).
        min_size: Some(iced::Size::new(640.0, 480.0)),
        #[cfg(target_os = "linux")]
        platform_specific: window::settings::PlatformSpecific {
            application_id: APP_ID.to_owned(),
            ..Default::default()
        },
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_icon_is_whole_rgba_of_its_size() {
        assert!(window_icon().is_some());
    }

    #[test]
    fn window_has_the_app_id_the_desktop_file_names() {
        #[cfg(target_os = "linux")]
        assert_eq!(window_settings().platform_specific.application_id, APP_ID);
        assert!(window_settings().icon.is_some());
    }
}
