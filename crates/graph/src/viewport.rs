//! The part of a diagram on screen (an SVG viewBox): fit, zoom about a point, pan.

use crate::model::Layout;
use serde::Serialize;

/// The smallest and largest zoom, relative to the diagram's natural size.
const MIN_SCALE: f64 = 0.1;
const MAX_SCALE: f64 = 4.0;

/// A rectangle of the diagram shown in the whole drawing area, as SVG's `viewBox` (shown with
/// `preserveAspectRatio="xMidYMid meet"`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ViewBox {
    /// Left edge, in diagram units.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

impl ViewBox {
    /// The whole layout with `padding` around it.
    pub fn fit(layout: &Layout, padding: f64) -> ViewBox {
        let b = layout.bounds;
        ViewBox {
            x: b.x - padding,
            y: b.y - padding,
            width: (b.width + 2.0 * padding).max(1.0),
            height: (b.height + 2.0 * padding).max(1.0),
        }
    }

    /// The `viewBox` attribute.
    pub fn attribute(&self) -> String {
        format!("{:.1} {:.1} {:.1} {:.1}", self.x, self.y, self.width, self.height)
    }

    /// Pixels per diagram unit in an area of `area_width` x `area_height` pixels ("meet": the
    /// whole box shows, centred).
    pub fn scale(&self, area_width: f64, area_height: f64) -> f64 {
        (area_width / self.width)
            .min(area_height / self.height)
            .max(f64::MIN_POSITIVE)
    }

    /// The diagram point under the pixel (px, py) of the area.
    pub fn to_diagram(&self, px: f64, py: f64, area_width: f64, area_height: f64) -> (f64, f64) {
        let scale = self.scale(area_width, area_height);
        let left = (area_width - self.width * scale) / 2.0;
        let top = (area_height - self.height * scale) / 2.0;
        (self.x + (px - left) / scale, self.y + (py - top) / scale)
    }

    /// Zoomed in by `factor` (above 1) or out (below 1), keeping the diagram point (fx, fy)
    /// where it is on screen; `natural` is the viewBox at the diagram's natural size, which
    /// bounds how far it zooms.
    pub fn zoom(&self, factor: f64, fx: f64, fy: f64, natural: &ViewBox) -> ViewBox {
        if !(factor.is_finite() && factor > 0.0) {
            return *self;
        }
        let current = natural.width / self.width;
        let factor = (current * factor).clamp(MIN_SCALE, MAX_SCALE) / current;
        ViewBox {
            x: fx - (fx - self.x) / factor,
            y: fy - (fy - self.y) / factor,
            width: self.width / factor,
            height: self.height / factor,
        }
    }

    /// Moved by (dx, dy) diagram units: the diagram appears to move the other way.
    pub fn pan(&self, dx: f64, dy: f64) -> ViewBox {
        ViewBox {
            x: self.x + dx,
            y: self.y + dy,
            ..*self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ViewBox;

    fn view(x: f64, y: f64, width: f64, height: f64) -> ViewBox {
        ViewBox { x, y, width, height }
    }

    #[test]
    fn zoom_keeps_the_focus_in_place_and_stays_in_bounds() {
        let natural = view(0.0, 0.0, 100.0, 100.0);
        let zoomed = natural.zoom(2.0, 50.0, 50.0, &natural);
        assert_eq!(zoomed, view(25.0, 25.0, 50.0, 50.0));
        let at_corner = natural.zoom(2.0, 0.0, 0.0, &natural);
        assert_eq!(at_corner, view(0.0, 0.0, 50.0, 50.0));
        let far = natural.zoom(1000.0, 0.0, 0.0, &natural);
        assert_eq!(far.width, 25.0);
        assert_eq!(natural.zoom(f64::NAN, 1.0, 1.0, &natural), natural);
    }

    #[test]
    fn pixels_map_to_the_diagram_with_meet() {
        // 100 x 50 units in a 400 x 400 area: 4 px a unit, 100 px bands above and below.
        let v = view(0.0, 0.0, 100.0, 50.0);
        assert_eq!(v.scale(400.0, 400.0), 4.0);
        assert_eq!(v.to_diagram(200.0, 200.0, 400.0, 400.0), (50.0, 25.0));
        assert_eq!(v.to_diagram(0.0, 100.0, 400.0, 400.0), (0.0, 0.0));
        assert_eq!(v.pan(10.0, -5.0), view(10.0, -5.0, 100.0, 50.0));
    }
}
