//! What every screen is drawn in: the themes and their styles, the window's
//! icon, notices (every error outside a step, in words), and text kept on one
//! line.

pub mod icon;
pub mod notice;
pub(in crate::app) mod nowrap;
pub mod theme;
