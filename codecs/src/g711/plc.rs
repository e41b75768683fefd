//! ITU-T G.711 Appendix I packet-loss concealment.

/// Appendix I concealment state for one channel.
#[derive(Debug, Clone)]
pub struct Plc {}

impl Plc {
    /// Output delay in samples (3.75 ms).
    pub const DELAY: usize = 30;
    /// New state.
    pub fn new() -> Self {
        Plc {}
    }
    /// Good frames.
    pub fn good_frames(&mut self, _frame: &mut [i16]) {}
    /// Lost frames.
    pub fn lost_frames(&mut self, out: &mut [i16]) {
        out.fill(0)
    }
    /// Reset.
    pub fn reset(&mut self) {}
}

impl Default for Plc {
    fn default() -> Self {
        Self::new()
    }
}
