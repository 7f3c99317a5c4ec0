//! The packages' files agree with the app and with each other, on every OS:
//! one id names the window, the launcher, the AppStream entry and the macOS
//! bundle; the versions are Cargo.toml's; the icons are what they claim.
//! (The validators and the built packages are checked by scripts/package,
//! scripts/macos and scripts/windows.)

use std::collections::BTreeMap;

use keeper_recovery::app::chrome::icon::APP_ID;

const VERSION: &str = env!("CARGO_PKG_VERSION");
const DESKTOP: &str =
    include_str!("../../packaging/linux/org.keeperrecovery.KeeperRecovery.desktop");
const METAINFO: &str =
    include_str!("../../packaging/linux/org.keeperrecovery.KeeperRecovery.metainfo.xml");
const INFO_PLIST: &str = include_str!("../../packaging/macos/Info.plist");
const WINDOW_ICON_RGBA: &[u8] = include_bytes!("../../packaging/icons/window-64x64.rgba");

fn xml(text: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        // Info.plist names Apple's DTD; nothing is fetched.
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(text, options).expect("well-formed XML")
}

/// Info.plist's top-level keys and their string values (`true`/`false` for
/// booleans; arrays and other values left out).
fn info_plist() -> BTreeMap<String, String> {
    let document = xml(INFO_PLIST);
    let dict = document
        .descendants()
        .find(|node| node.has_tag_name("dict"))
        .expect("Info.plist holds a dict");
    let mut entries = BTreeMap::new();
    let mut key = None;
    for node in dict.children().filter(roxmltree::Node::is_element) {
        match node.tag_name().name() {
            "key" => key = node.text().map(str::to_owned),
            "string" => {
                if let Some(key) = key.take() {
                    entries.insert(key, node.text().unwrap_or_default().to_owned());
                }
            }
            tag @ ("true" | "false") => {
                if let Some(key) = key.take() {
                    entries.insert(key, tag.to_owned());
                }
            }
            _ => key = None,
        }
    }
    entries
}

/// Decodes a PNG into its width, height, colour type and 8-bit pixels.
fn decode_png(bytes: &[u8]) -> (u32, u32, png::ColorType, Vec<u8>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a sane size")];
    let frame = reader.next_frame(&mut pixels).expect("the PNG's pixels");
    pixels.truncate(frame.buffer_size());
    (frame.width, frame.height, frame.color_type, pixels)
}

#[test]
fn one_id_names_the_window_the_launcher_the_appstream_entry_and_the_mac_bundle() {
    let lines: Vec<&str> = DESKTOP.lines().collect();
    assert!(
        lines.contains(&format!("StartupWMClass={APP_ID}").as_str()),
        "the launcher's StartupWMClass"
    );
    assert!(
        lines.contains(&format!("Icon={APP_ID}").as_str()),
        "the launcher's Icon"
    );
    let metainfo = xml(METAINFO);
    let id = metainfo
        .root_element()
        .children()
        .find(|node| node.has_tag_name("id"))
        .and_then(|node| node.text());
    assert_eq!(id, Some(APP_ID), "the AppStream id");
    assert_eq!(
        info_plist().get("CFBundleIdentifier").map(String::as_str),
        Some(APP_ID),
        "the macOS bundle id"
    );
}

#[test]
fn the_mac_bundle_says_cargo_tomls_version_and_runs_the_app() {
    let plist = info_plist();
    let expected = [
        ("CFBundleShortVersionString", VERSION),
        ("CFBundleVersion", VERSION),
        ("CFBundleExecutable", "keeper-recovery"),
        ("CFBundlePackageType", "APPL"),
        ("CFBundleIconFile", "KeeperRecovery.icns"),
        ("NSHighResolutionCapable", "true"),
    ];
    for (key, value) in expected {
        assert_eq!(plist.get(key).map(String::as_str), Some(value), "{key}");
    }
}

#[test]
fn the_appstream_entry_lists_this_version_and_screenshots_of_their_real_size() {
    let metainfo = xml(METAINFO);
    let latest = metainfo
        .descendants()
        .find(|node| node.has_tag_name("release"))
        .and_then(|node| node.attribute("version"));
    assert_eq!(latest, Some(VERSION), "add a <release> for this version");
    let screenshots = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("packaging")
        .join("linux")
        .join("screenshots");
    let images: Vec<roxmltree::Node> = metainfo
        .descendants()
        .filter(|node| node.has_tag_name("image"))
        .collect();
    assert!(!images.is_empty(), "the metainfo shows screenshots");
    for image in images {
        let url = image.text().unwrap_or_default().trim();
        let name = url.rsplit('/').next().unwrap_or_default();
        let bytes = std::fs::read(screenshots.join(name))
            .unwrap_or_else(|e| panic!("{url} is packaging/linux/screenshots/{name}: {e}"));
        let (width, height, _, _) = decode_png(&bytes);
        assert_eq!(
            (image.attribute("width"), image.attribute("height")),
            (
                Some(width.to_string().as_str()),
                Some(height.to_string().as_str())
            ),
            "{name}"
        );
    }
}

/// The window's icon is raw RGBA so nothing is decoded at start: it must be
/// the 64 px PNG's pixels, byte for byte (`packaging/icons/render` makes both).
#[test]
fn the_windows_own_icon_is_the_64_pixel_png() {
    let png = include_bytes!(
        "../../packaging/icons/hicolor/64x64/apps/org.keeperrecovery.KeeperRecovery.png"
    );
    let (width, height, color, pixels) = decode_png(png);
    assert_eq!((width, height, color), (64, 64, png::ColorType::Rgba));
    assert!(
        pixels == WINDOW_ICON_RGBA,
        "packaging/icons/window-64x64.rgba is stale: run packaging/icons/render"
    );
}

#[test]
fn each_launcher_icon_has_the_size_its_folder_names() {
    let icons = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("packaging")
        .join("icons")
        .join("hicolor");
    for size in [16, 24, 32, 48, 64, 128, 256, 512] {
        let path = icons
            .join(format!("{size}x{size}"))
            .join("apps")
            .join(format!("{APP_ID}.png"));
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let (width, height, _, _) = decode_png(&bytes);
        assert_eq!((width, height), (size, size), "{}", path.display());
    }
}
