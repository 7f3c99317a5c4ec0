//! The user's clock: now, in their time zone, for the times shown on screen.

static LOCAL_OFFSET: std::sync::OnceLock<time::UtcOffset> = std::sync::OnceLock::new();

/// Reads the computer's UTC offset. Call it from `main` before any thread
/// starts: reading it later is refused on some systems. Without it, UTC.
pub fn read_local_offset() {
    if let Ok(offset) = time::UtcOffset::current_local_offset() {
        let _ = LOCAL_OFFSET.set(offset);
    }
}

/// Now, in the user's time zone where it is known, for the times shown on screen.
pub fn local_now() -> time::OffsetDateTime {
    let now = time::OffsetDateTime::now_utc();
    LOCAL_OFFSET
        .get()
        .map_or(now, |offset| now.to_offset(*offset))
}
