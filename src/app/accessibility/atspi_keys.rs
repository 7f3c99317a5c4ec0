//! Keys go to the screen reader first, as GTK's AT-SPI bridge sends them:
//! each press and release to the registry's DeviceEventController, which
//! hands it to the screen reader; a key the screen reader takes (its
//! modifier, its keypad commands) never reaches the app. Orca 43 hears an
//! app's keys no other way: its key echo, "where am I", say-all and flat
//! review depend on it.
//!
//! The call waits for the answer, as GTK's does, but never longer than
//! `ANSWER_WITHIN`: a screen reader that does not answer leaves the key to
//! the app.

use std::time::{Duration, Instant};

use iced::keyboard::{self, Key, Location, Modifiers, key::Named};

/// How long a key waits for the screen reader before it goes to the app.
pub const ANSWER_WITHIN: Duration = Duration::from_millis(500);

/// A key event as AT-SPI's DeviceEventController takes it. `Debug` never
/// shows what was typed: it may be part of a password.
#[derive(Clone, PartialEq, Eq)]
pub struct DeviceKey {
    pub pressed: bool,
    /// The X keysym.
    pub keysym: u32,
    /// The X keycode (the evdev code plus 8).
    pub keycode: u32,
    /// The X modifier mask: Shift 1, Control 4, Alt (Mod1) 8, Super (Mod4) 64.
    pub modifiers: u32,
    /// The character typed, or the keysym's name ("Tab", "KP_Enter").
    pub text: String,
    /// A character that is text, not a command.
    pub is_text: bool,
}

impl std::fmt::Debug for DeviceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceKey")
            .field("pressed", &self.pressed)
            .field("keycode", &self.keycode)
            .field("modifiers", &self.modifiers)
            .field(
                "text",
                &if self.is_text {
                    "[typed]"
                } else {
                    self.text.as_str()
                },
            )
            .finish_non_exhaustive()
    }
}

/// Named keys by their X keysym and name; on the keypad (with Num Lock
/// off) the navigation keys are the keypad's own keysyms, which is how a
/// screen reader tells its commands (KP_Enter, KP_Up) from the app's keys.
fn named_keysym(named: Named, location: Location) -> Option<(u32, &'static str)> {
    let keypad = location == Location::Numpad;
    Some(match (named, keypad) {
        (Named::Enter, true) => (0xff8d, "KP_Enter"),
        (Named::Enter, false) => (0xff0d, "Return"),
        (Named::Tab, _) => (0xff09, "Tab"),
        (Named::Space, _) => (0x0020, "space"),
        (Named::Backspace, _) => (0xff08, "BackSpace"),
        (Named::Escape, _) => (0xff1b, "Escape"),
        (Named::Insert, true) => (0xff9e, "KP_Insert"),
        (Named::Insert, false) => (0xff63, "Insert"),
        (Named::Delete, true) => (0xff9f, "KP_Delete"),
        (Named::Delete, false) => (0xffff, "Delete"),
        (Named::Home, true) => (0xff95, "KP_Home"),
        (Named::Home, false) => (0xff50, "Home"),
        (Named::End, true) => (0xff9c, "KP_End"),
        (Named::End, false) => (0xff57, "End"),
        (Named::PageUp, true) => (0xff9a, "KP_Prior"),
        (Named::PageUp, false) => (0xff55, "Prior"),
        (Named::PageDown, true) => (0xff9b, "KP_Next"),
        (Named::PageDown, false) => (0xff56, "Next"),
        (Named::ArrowLeft, true) => (0xff96, "KP_Left"),
        (Named::ArrowLeft, false) => (0xff51, "Left"),
        (Named::ArrowUp, true) => (0xff97, "KP_Up"),
        (Named::ArrowUp, false) => (0xff52, "Up"),
        (Named::ArrowRight, true) => (0xff98, "KP_Right"),
        (Named::ArrowRight, false) => (0xff53, "Right"),
        (Named::ArrowDown, true) => (0xff99, "KP_Down"),
        (Named::ArrowDown, false) => (0xff54, "Down"),
        // Keypad 5 with Num Lock off.
        (Named::Clear, true) => (0xff9d, "KP_Begin"),
        (Named::Clear, false) => (0xff0b, "Clear"),
        (Named::Shift, _) => (0xffe1, "Shift_L"),
        (Named::Control, _) => (0xffe3, "Control_L"),
        (Named::Alt, _) => (0xffe9, "Alt_L"),
        (Named::Super | Named::Meta, _) => (0xffeb, "Super_L"),
        (Named::CapsLock, _) => (0xffe5, "Caps_Lock"),
        (Named::NumLock, _) => (0xff7f, "Num_Lock"),
        (Named::ContextMenu, _) => (0xff67, "Menu"),
        (Named::F1, _) => (0xffbe, "F1"),
        (Named::F2, _) => (0xffbf, "F2"),
        (Named::F3, _) => (0xffc0, "F3"),
        (Named::F4, _) => (0xffc1, "F4"),
        (Named::F5, _) => (0xffc2, "F5"),
        (Named::F6, _) => (0xffc3, "F6"),
        (Named::F7, _) => (0xffc4, "F7"),
        (Named::F8, _) => (0xffc5, "F8"),
        (Named::F9, _) => (0xffc6, "F9"),
        (Named::F10, _) => (0xffc7, "F10"),
        (Named::F11, _) => (0xffc8, "F11"),
        (Named::F12, _) => (0xffc9, "F12"),
        _ => return None,
    })
}

/// Keypad keys that type a character (with Num Lock on, or the operators)
/// have keypad keysyms of their own.
fn keypad_character(c: char) -> Option<(u32, &'static str)> {
    Some(match c {
        '0'..='9' => {
            let digit = c as u32 - '0' as u32;
            const NAMES: [&str; 10] = [
                "KP_0", "KP_1", "KP_2", "KP_3", "KP_4", "KP_5", "KP_6", "KP_7", "KP_8", "KP_9",
            ];
            (0xffb0 + digit, NAMES[digit as usize])
        }
        '+' => (0xffab, "KP_Add"),
        '-' => (0xffad, "KP_Subtract"),
        '*' => (0xffaa, "KP_Multiply"),
        '/' => (0xffaf, "KP_Divide"),
        '.' | ',' => (0xffae, "KP_Decimal"),
        _ => return None,
    })
}

fn x_modifiers(modifiers: Modifiers) -> u32 {
    let mut mask = 0;
    if modifiers.shift() {
        mask |= 1;
    }
    if modifiers.control() {
        mask |= 4;
    }
    if modifiers.alt() {
        mask |= 8;
    }
    if modifiers.logo() {
        mask |= 64;
    }
    mask
}

/// A key event as the screen reader hears it; `keycode` finds the X keycode
/// of the key's place on the keyboard.
pub fn device_key(
    event: &keyboard::Event,
    keycode: impl Fn(&keyboard::key::Physical) -> u32,
) -> Option<DeviceKey> {
    let (pressed, key, physical, location, modifiers) = match event {
        keyboard::Event::KeyPressed {
            key,
            physical_key,
            location,
            modifiers,
            ..
        } => (true, key, physical_key, *location, *modifiers),
        keyboard::Event::KeyReleased {
            key,
            physical_key,
            location,
            modifiers,
            ..
        } => (false, key, physical_key, *location, *modifiers),
        keyboard::Event::ModifiersChanged(_) => return None,
    };
    let (keysym, text, is_text) = match key {
        Key::Named(named) => {
            let (keysym, name) = named_keysym(*named, location)?;
            (keysym, name.to_owned(), *named == Named::Space)
        }
        Key::Character(characters) => {
            let c = characters.chars().next()?;
            match keypad_character(c).filter(|_| location == Location::Numpad) {
                Some((keysym, name)) => (keysym, name.to_owned(), false),
                None => (
                    xkeysym::Keysym::from_char(c).raw(),
                    characters.to_string(),
                    !modifiers.control() && !modifiers.alt() && !c.is_control(),
                ),
            }
        }
        // Keypad 5 with Num Lock off has no name in winit: known by its place.
        Key::Unidentified
            if *physical == keyboard::key::Physical::Code(keyboard::key::Code::Numpad5) =>
        {
            (0xff9d, "KP_Begin".to_owned(), false)
        }
        Key::Unidentified => return None,
    };
    Some(DeviceKey {
        pressed,
        keysym,
        keycode: keycode(physical),
        modifiers: x_modifiers(modifiers),
        text,
        is_text,
    })
}

/// Milliseconds for the events' timestamps: never zero (a screen reader
/// ignores such an event), always rising (two alike are taken for one).
#[derive(Debug)]
pub struct Clock {
    started: Instant,
    last: u32,
}

impl Clock {
    pub fn new() -> Self {
        Clock {
            started: Instant::now(),
            last: 0,
        }
    }

    pub fn stamp(&mut self) -> u32 {
        let now = u32::try_from(self.started.elapsed().as_millis())
            .unwrap_or(u32::MAX)
            .max(1);
        self.last = now.max(self.last.saturating_add(1));
        self.last
    }
}

impl Default for Clock {
    fn default() -> Self {
        Clock::new()
    }
}

pub use forwarder::Forwarder;

mod forwarder {
    use std::collections::HashMap;
    use std::sync::mpsc as std_mpsc;
    use std::sync::{Mutex, OnceLock};
    use std::time::{Duration, Instant};

    use atspi::proxy::bus::BusProxy;
    use atspi::proxy::device_event_controller::{
        DeviceEvent, DeviceEventControllerProxy, EventType,
    };
    use iced::keyboard;
    use tokio::sync::mpsc;

    use super::{ANSWER_WITHIN, Clock, DeviceKey, device_key};

    /// A key, when it was stamped, by when its answer must be in, and where
    /// the answer goes.
    struct Ask {
        key: DeviceKey,
        stamp: u32,
        deadline: Instant,
        answer: std_mpsc::Sender<bool>,
    }

    /// After this many keys in a row without an answer in time, keys stop
    /// going to the screen reader for `PAUSE`: a registry that hangs must
    /// not slow every key.
    const SILENT_KEYS: u32 = 3;
    const PAUSE: Duration = Duration::from_secs(30);

    /// Hands key events to the registry on a thread of its own, with its own
    /// connection to the accessibility bus, and waits for the answer.
    pub struct Forwarder {
        asks: mpsc::UnboundedSender<Ask>,
        state: Mutex<State>,
    }

    struct State {
        clock: Clock,
        unanswered: u32,
        paused_until: Option<Instant>,
    }

    impl std::fmt::Debug for Forwarder {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("Forwarder")
        }
    }

    impl Forwarder {
        /// Starts the thread; it connects at once.
        pub fn start() -> Option<Forwarder> {
            let (asks, receiver) = mpsc::unbounded_channel();
            std::thread::Builder::new()
                .name("keys-to-atspi".to_owned())
                .spawn(move || serve(receiver))
                .map_err(|e| tracing::warn!("keys cannot reach the screen reader: {e}"))
                .ok()?;
            Some(Forwarder {
                asks,
                state: Mutex::new(State {
                    clock: Clock::new(),
                    unanswered: 0,
                    paused_until: None,
                }),
            })
        }

        /// Whether the screen reader took the key (it must not reach the app).
        pub fn screen_reader_takes(&self, event: &keyboard::Event) -> bool {
            let Some(key) = device_key(event, keycode) else {
                return false;
            };
            let Ok(mut state) = self.state.lock() else {
                return false;
            };
            let now = Instant::now();
            if state.paused_until.is_some_and(|until| now < until) {
                return false;
            }
            let (answer, answered) = std_mpsc::channel();
            let ask = Ask {
                key,
                stamp: state.clock.stamp(),
                deadline: now + ANSWER_WITHIN,
                answer,
            };
            if self.asks.send(ask).is_err() {
                return false;
            }
            match answered.recv_timeout(ANSWER_WITHIN) {
                Ok(taken) => {
                    state.unanswered = 0;
                    taken
                }
                Err(_) => {
                    state.unanswered += 1;
                    if state.unanswered >= SILENT_KEYS {
                        tracing::warn!(
                            "the screen reader did not answer {SILENT_KEYS} keys in time: keys go to the app alone for {} s",
                            PAUSE.as_secs()
                        );
                        state.paused_until = Some(now + PAUSE);
                        state.unanswered = 0;
                    }
                    false
                }
            }
        }
    }

    fn serve(mut asks: mpsc::UnboundedReceiver<Ask>) {
        let runtime = match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            Ok(runtime) => runtime,
            Err(e) => {
                tracing::warn!("keys cannot reach the screen reader: {e}");
                return;
            }
        };
        runtime.block_on(async move {
            let controller = match connect().await {
                Ok(controller) => Some(controller),
                Err(e) => {
                    tracing::warn!("keys cannot reach the screen reader: {e}");
                    None
                }
            };
            while let Some(ask) = asks.recv().await {
                // A key the app has already handled itself is not sent late.
                let left = ask.deadline.saturating_duration_since(Instant::now());
                let taken = match &controller {
                    Some(controller) if !left.is_zero() => {
                        let key = &ask.key;
                        let event = DeviceEvent {
                            event_type: if key.pressed {
                                EventType::KeyPressed
                            } else {
                                EventType::KeyReleased
                            },
                            id: i32::try_from(key.keysym).unwrap_or(0),
                            hw_code: i32::try_from(key.keycode).unwrap_or(0),
                            modifiers: i32::try_from(key.modifiers).unwrap_or(0),
                            // AT-SPI's timestamps are 32-bit milliseconds; the
                            // cast wraps them as the X server's do.
                            timestamp: ask.stamp as i32,
                            event_string: &key.text,
                            is_text: key.is_text,
                        };
                        tokio::time::timeout(left, controller.notify_listeners_sync(&event))
                            .await
                            .is_ok_and(|answer| answer.unwrap_or(false))
                    }
                    _ => false,
                };
                let _ = ask.answer.send(taken);
            }
        });
    }

    async fn connect() -> zbus::Result<DeviceEventControllerProxy<'static>> {
        let address = match std::env::var("AT_SPI_BUS_ADDRESS") {
            Ok(address) if !address.is_empty() => address,
            _ => {
                let session = zbus::Connection::session().await?;
                BusProxy::new(&session).await?.get_address().await?
            }
        };
        let connection = zbus::connection::Builder::address(address.as_str())?
            .build()
            .await?;
        DeviceEventControllerProxy::new(&connection).await
    }

    /// The X keycode of a key's place: winit's evdev code plus 8, found
    /// through winit's own table (iced names the places as winit does).
    fn keycode(physical: &keyboard::key::Physical) -> u32 {
        static CODES: OnceLock<HashMap<keyboard::key::Code, u32>> = OnceLock::new();
        let codes = CODES.get_or_init(|| {
            use iced_winit::winit::keyboard::PhysicalKey;
            use iced_winit::winit::platform::scancode::PhysicalKeyExtScancode;
            (0..768)
                .filter_map(|scancode| match PhysicalKey::from_scancode(scancode) {
                    PhysicalKey::Code(code) => {
                        iced_winit::conversion::key_code(code).map(|code| (code, scancode + 8))
                    }
                    PhysicalKey::Unidentified(_) => None,
                })
                .collect()
        });
        match physical {
            keyboard::key::Physical::Code(code) => codes.get(code).copied().unwrap_or(0),
            keyboard::key::Physical::Unidentified(keyboard::key::NativeCode::Xkb(code)) => *code,
            keyboard::key::Physical::Unidentified(_) => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use keyboard::key::{Code, NativeCode, Physical};

    fn press(key: Key, location: Location, modifiers: Modifiers) -> keyboard::Event {
        keyboard::Event::KeyPressed {
            key: key.clone(),
            modified_key: key,
            physical_key: Physical::Code(Code::KeyA),
            location,
            modifiers,
            text: None,
            repeat: false,
        }
    }

    fn heard(event: keyboard::Event) -> DeviceKey {
        device_key(&event, |_| 38).expect("a key the screen reader hears")
    }

    #[test]
    fn orca_hears_its_modifier_and_keypad_commands_by_their_names() {
        let insert = heard(press(
            Key::Named(Named::Insert),
            Location::Standard,
            Modifiers::default(),
        ));
        assert_eq!((insert.keysym, insert.text.as_str()), (0xff63, "Insert"));
        let kp_insert = heard(press(
            Key::Named(Named::Insert),
            Location::Numpad,
            Modifiers::default(),
        ));
        assert_eq!(kp_insert.text, "KP_Insert");
        let where_am_i = heard(press(
            Key::Named(Named::Enter),
            Location::Numpad,
            Modifiers::default(),
        ));
        assert_eq!(
            (where_am_i.keysym, where_am_i.text.as_str()),
            (0xff8d, "KP_Enter")
        );
        let say_all = heard(press(
            Key::Character("+".into()),
            Location::Numpad,
            Modifiers::default(),
        ));
        assert_eq!((say_all.text.as_str(), say_all.is_text), ("KP_Add", false));
        let review_up = heard(press(
            Key::Named(Named::ArrowUp),
            Location::Numpad,
            Modifiers::default(),
        ));
        assert_eq!(review_up.text, "KP_Up");
        // Flat review's "current word": keypad 5, which winit leaves unnamed.
        let keypad_5 = keyboard::Event::KeyPressed {
            key: Key::Unidentified,
            modified_key: Key::Unidentified,
            physical_key: Physical::Code(Code::Numpad5),
            location: Location::Numpad,
            modifiers: Modifiers::default(),
            text: None,
            repeat: false,
        };
        assert_eq!(heard(keypad_5).text, "KP_Begin");
    }

    #[test]
    fn typed_characters_are_text_with_their_keysym() {
        let a = heard(press(
            Key::Character("ạ".into()),
            Location::Standard,
            Modifiers::default(),
        ));
        assert_eq!(a.keysym, 0x0100_1EA1);
        assert!(a.is_text);
        assert_eq!(a.keycode, 38);
        assert!(
            !format!("{a:?}").contains('ạ'),
            "what was typed stays out of Debug"
        );
        let ctrl_a = heard(press(
            Key::Character("a".into()),
            Location::Standard,
            Modifiers::CTRL,
        ));
        assert!(!ctrl_a.is_text);
        assert_eq!(ctrl_a.modifiers, 4);
        let shift_tab = heard(press(
            Key::Named(Named::Tab),
            Location::Standard,
            Modifiers::SHIFT,
        ));
        assert_eq!((shift_tab.text.as_str(), shift_tab.modifiers), ("Tab", 1));
    }

    #[test]
    fn releases_are_heard_and_unknown_keys_are_not() {
        let release = keyboard::Event::KeyReleased {
            key: Key::Named(Named::Tab),
            modified_key: Key::Named(Named::Tab),
            physical_key: Physical::Unidentified(NativeCode::Xkb(23)),
            location: Location::Standard,
            modifiers: Modifiers::default(),
        };
        assert!(!heard(release).pressed);
        assert!(
            device_key(
                &press(Key::Unidentified, Location::Standard, Modifiers::default()),
                |_| 0
            )
            .is_none()
        );
    }

    #[test]
    fn timestamps_never_repeat_and_are_never_zero() {
        let mut clock = Clock::new();
        let first = clock.stamp();
        let second = clock.stamp();
        assert!(first > 0);
        assert!(second > first);
    }
}
