//! A minimal complex number for the analysis code.

use core::ops::{Add, AddAssign, Mul, Sub};

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct C32 {
    pub re: f32,
    pub im: f32,
}

impl C32 {
    pub const fn new(re: f32, im: f32) -> Self {
        Self { re, im }
    }

    /// `e^{jθ}`.
    pub fn expj(theta: f32) -> Self {
        Self::new(libm::cosf(theta), libm::sinf(theta))
    }

    pub fn conj(self) -> Self {
        Self::new(self.re, -self.im)
    }

    pub fn norm_sqr(self) -> f32 {
        self.re * self.re + self.im * self.im
    }

    pub fn abs(self) -> f32 {
        libm::sqrtf(self.norm_sqr())
    }

    pub fn arg(self) -> f32 {
        libm::atan2f(self.im, self.re)
    }

    pub fn scale(self, k: f32) -> Self {
        Self::new(self.re * k, self.im * k)
    }
}

impl Add for C32 {
    type Output = Self;
    fn add(self, o: Self) -> Self {
        Self::new(self.re + o.re, self.im + o.im)
    }
}

impl Sub for C32 {
    type Output = Self;
    fn sub(self, o: Self) -> Self {
        Self::new(self.re - o.re, self.im - o.im)
    }
}

impl AddAssign for C32 {
    fn add_assign(&mut self, o: Self) {
        self.re += o.re;
        self.im += o.im;
    }
}

impl Mul for C32 {
    type Output = Self;
    fn mul(self, o: Self) -> Self {
        Self::new(
            self.re * o.re - self.im * o.im,
            self.re * o.im + self.im * o.re,
        )
    }
}
