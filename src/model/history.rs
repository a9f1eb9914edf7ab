//! Back and Forward through what was selected, as in a web browser: selecting something new
//! puts the old selection on the Back stack and forgets the Forward stack. Objects that have
//! gone since (deleted, their pool removed) are skipped.

/// How far Back goes; older entries are dropped.
const LIMIT: usize = 100;

#[derive(Debug, Clone)]
pub struct History<T> {
    back: Vec<T>,
    forward: Vec<T>,
}

impl<T> Default for History<T> {
    fn default() -> Self {
        History {
            back: Vec::new(),
            forward: Vec::new(),
        }
    }
}

impl<T: Clone + PartialEq> History<T> {
    /// The selection moves from `from` to `to` (not through Back or Forward).
    pub fn visit(&mut self, from: Option<&T>, to: &T) {
        let Some(from) = from else { return };
        if from == to {
            return;
        }
        self.back.push(from.clone());
        if self.back.len() > LIMIT {
            self.back.remove(0);
        }
        self.forward.clear();
    }

    /// The entry before `current` that still `exists`; `current` becomes Forward's.
    pub fn back(&mut self, current: Option<&T>, exists: impl Fn(&T) -> bool) -> Option<T> {
        step(&mut self.back, &mut self.forward, current, exists)
    }

    /// The entry Back left, that still `exists`; `current` becomes Back's again.
    pub fn forward(&mut self, current: Option<&T>, exists: impl Fn(&T) -> bool) -> Option<T> {
        step(&mut self.forward, &mut self.back, current, exists)
    }

    pub fn can_go_back(&self) -> bool {
        !self.back.is_empty()
    }

    pub fn can_go_forward(&self) -> bool {
        !self.forward.is_empty()
    }
}

fn step<T: Clone + PartialEq>(
    from: &mut Vec<T>,
    to: &mut Vec<T>,
    current: Option<&T>,
    exists: impl Fn(&T) -> bool,
) -> Option<T> {
    while let Some(t) = from.pop() {
        if exists(&t) && Some(&t) != current {
            if let Some(c) = current {
                to.push(c.clone());
            }
            return Some(t);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::History;

    #[test]
    fn back_and_forward_walk_the_selections() {
        let mut h = History::default();
        let all = |_: &&str| true;
        h.visit(None, &"a");
        assert!(!h.can_go_back(), "nothing was selected before a");
        h.visit(Some(&"a"), &"b");
        h.visit(Some(&"b"), &"c");
        h.visit(Some(&"c"), &"c");
        assert_eq!(h.back(Some(&"c"), all), Some("b"));
        assert_eq!(h.back(Some(&"b"), all), Some("a"));
        assert_eq!(h.back(Some(&"a"), all), None, "the start");
        assert_eq!(h.forward(Some(&"a"), all), Some("b"));
        assert_eq!(h.forward(Some(&"b"), all), Some("c"));
        assert!(!h.can_go_forward());
        assert_eq!(h.back(Some(&"c"), all), Some("b"));
        // A new selection forgets what was ahead.
        h.visit(Some(&"b"), &"d");
        assert!(!h.can_go_forward());
        assert_eq!(h.back(Some(&"d"), all), Some("b"));
    }

    #[test]
    fn objects_gone_since_are_skipped() {
        let mut h = History::default();
        for (a, b) in [("a", "b"), ("b", "c"), ("c", "d")] {
            h.visit(Some(&a), &b);
        }
        assert_eq!(h.back(Some(&"d"), |t| *t != "c" && *t != "b"), Some("a"));
        assert_eq!(h.forward(Some(&"a"), |t| *t != "c"), Some("d"));
    }

    #[test]
    fn back_is_bounded() {
        let mut h = History::default();
        for i in 0..500 {
            h.visit(Some(&i), &(i + 1));
        }
        let mut n = 0;
        let mut cur = 500;
        while let Some(t) = h.back(Some(&cur), |_| true) {
            cur = t;
            n += 1;
        }
        assert_eq!(n, super::LIMIT);
    }
}
