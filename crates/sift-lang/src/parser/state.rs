//! The arc-hybrid transition system (Kuhlmann, Gómez-Rodríguez and Satta
//! 2011) with the root token at the end of the buffer (Ballesteros and Nivre
//! 2013), and its dynamic oracle (Goldberg and Nivre 2013).
//!
//! Words are numbered `0..n`; the artificial root is word `n`. It starts in
//! the buffer and is never shifted. `Left` may attach a word to the root only
//! when that word is alone on the stack, so every finished parse is a tree
//! with exactly one word attached to the root.

/// No word: an empty stack position, a missing child, an unattached word.
pub(crate) const NONE: u32 = u32::MAX;

/// One move of the parser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Transition {
    /// Push the front of the buffer onto the stack.
    Shift = 0,
    /// Pop the stack top and attach it to the front of the buffer.
    Left = 1,
    /// Pop the stack top and attach it to the word below it.
    Right = 2,
}

impl Transition {
    pub(crate) const ALL: [Transition; 3] =
        [Transition::Shift, Transition::Left, Transition::Right];

    pub(crate) fn id(self) -> usize {
        self as usize
    }
}

/// A parser configuration plus the partial tree built so far, with the
/// child bookkeeping that the features read.
///
/// Every vector has one entry per word plus one for the root, and is reused
/// across sentences: parsing allocates only when a sentence is longer than
/// every sentence before it.
#[derive(Default)]
pub(crate) struct State {
    n_words: usize,
    stack: Vec<u32>,
    buffer_front: usize,
    pub(crate) heads: Vec<u32>,
    pub(crate) labels: Vec<u8>,
    /// Leftmost and second-leftmost left children.
    pub(crate) left_1: Vec<u32>,
    pub(crate) left_2: Vec<u32>,
    /// Rightmost and second-rightmost right children.
    pub(crate) right_1: Vec<u32>,
    pub(crate) right_2: Vec<u32>,
    pub(crate) n_left: Vec<u8>,
    pub(crate) n_right: Vec<u8>,
    /// Bit `l` is set when the word has a left (right) child labelled `l`.
    pub(crate) left_labels: Vec<u64>,
    pub(crate) right_labels: Vec<u64>,
}

/// Label id stored for words without a head yet.
pub(crate) const NO_LABEL: u8 = u8::MAX;

impl State {
    /// Starts a parse of `n_words` words. Each column has one entry per
    /// word, one for the root and one that stays empty forever, which
    /// [`NONE`] positions read from (see `features.rs`).
    pub(crate) fn reset(&mut self, n_words: usize) {
        let len = n_words + 2;
        self.n_words = n_words;
        self.stack.clear();
        self.buffer_front = 0;
        for column in [
            &mut self.heads,
            &mut self.left_1,
            &mut self.left_2,
            &mut self.right_1,
            &mut self.right_2,
        ] {
            column.clear();
            column.resize(len, NONE);
        }
        self.labels.clear();
        self.labels.resize(len, NO_LABEL);
        self.n_left.clear();
        self.n_left.resize(len, 0);
        self.n_right.clear();
        self.n_right.resize(len, 0);
        self.left_labels.clear();
        self.left_labels.resize(len, 0);
        self.right_labels.clear();
        self.right_labels.resize(len, 0);
    }

    /// The root's index.
    pub(crate) fn root(&self) -> u32 {
        self.n_words as u32
    }

    pub(crate) fn is_terminal(&self) -> bool {
        self.stack.is_empty() && self.buffer_front == self.n_words
    }

    /// The `depth`-th word from the stack top, or [`NONE`].
    pub(crate) fn stack(&self, depth: usize) -> u32 {
        if depth < self.stack.len() {
            self.stack[self.stack.len() - 1 - depth]
        } else {
            NONE
        }
    }

    pub(crate) fn stack_len(&self) -> usize {
        self.stack.len()
    }

    /// The `offset`-th word of the buffer (the root counts), or [`NONE`].
    pub(crate) fn buffer(&self, offset: usize) -> u32 {
        let idx = self.buffer_front + offset;
        if idx <= self.n_words {
            idx as u32
        } else {
            NONE
        }
    }

    pub(crate) fn is_valid(&self, transition: Transition) -> bool {
        match transition {
            Transition::Shift => self.buffer_front < self.n_words,
            Transition::Left => {
                !self.stack.is_empty()
                    && (self.buffer_front < self.n_words || self.stack.len() == 1)
            }
            Transition::Right => self.stack.len() >= 2,
        }
    }

    /// The arc `transition` would add, as (head, dependent).
    pub(crate) fn arc_of(&self, transition: Transition) -> Option<(u32, u32)> {
        match transition {
            Transition::Shift => None,
            Transition::Left => Some((self.buffer_front as u32, self.stack(0))),
            Transition::Right => Some((self.stack(1), self.stack(0))),
        }
    }

    /// Applies a valid transition; `label` is the relation of the new arc.
    pub(crate) fn apply(&mut self, transition: Transition, label: u8) {
        match transition {
            Transition::Shift => {
                self.stack.push(self.buffer_front as u32);
                self.buffer_front += 1;
            }
            Transition::Left | Transition::Right => {
                let (head, dependent) = self.arc_of(transition).expect("an arc transition");
                self.stack.pop();
                self.add_arc(head, dependent, label);
            }
        }
    }

    fn add_arc(&mut self, head: u32, dependent: u32, label: u8) {
        let (h, d) = (head as usize, dependent as usize);
        self.heads[d] = head;
        self.labels[d] = label;
        let label_bit = 1u64 << (label & 63);
        if dependent < head {
            self.n_left[h] = self.n_left[h].saturating_add(1);
            self.left_labels[h] |= label_bit;
            if self.left_1[h] == NONE || dependent < self.left_1[h] {
                self.left_2[h] = self.left_1[h];
                self.left_1[h] = dependent;
            } else if self.left_2[h] == NONE || dependent < self.left_2[h] {
                self.left_2[h] = dependent;
            }
        } else {
            self.n_right[h] = self.n_right[h].saturating_add(1);
            self.right_labels[h] |= label_bit;
            if self.right_1[h] == NONE || dependent > self.right_1[h] {
                self.right_2[h] = self.right_1[h];
                self.right_1[h] = dependent;
            } else if self.right_2[h] == NONE || dependent > self.right_2[h] {
                self.right_2[h] = dependent;
            }
        }
    }

    /// How many gold arcs become unreachable if `transition` is taken next
    /// (Goldberg and Nivre 2013, arc-hybrid). Exact when `gold_heads` is a
    /// projective tree; `gold_heads[i]` is `n` for the root's dependent.
    pub(crate) fn cost(&self, transition: Transition, gold_heads: &[u32]) -> u32 {
        let in_buffer = |word: u32| word != NONE && (word as usize) >= self.buffer_front;
        let buffer_dependents_of = |head: u32| {
            (self.buffer_front..self.n_words)
                .filter(|&d| gold_heads[d] == head)
                .count() as u32
        };
        match transition {
            Transition::Shift => {
                let front = self.buffer_front as u32;
                let top = self.stack(0);
                let own_head = gold_heads[front as usize];
                let lost_dependents = self
                    .stack
                    .iter()
                    .filter(|&&d| gold_heads[d as usize] == front)
                    .count() as u32;
                let lost_head = own_head != top && self.stack.contains(&own_head);
                lost_dependents + u32::from(lost_head)
            }
            Transition::Left => {
                let top = self.stack(0);
                let own_head = gold_heads[top as usize];
                let lost_head = own_head != self.buffer_front as u32
                    && (own_head == self.stack(1) || in_buffer(own_head));
                buffer_dependents_of(top) + u32::from(lost_head)
            }
            Transition::Right => {
                let top = self.stack(0);
                let own_head = gold_heads[top as usize];
                buffer_dependents_of(top) + u32::from(in_buffer(own_head))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Follows zero-cost transitions only; the result must be the gold tree.
    fn oracle_parse(gold: &[u32]) -> Vec<u32> {
        let mut state = State::default();
        state.reset(gold.len());
        while !state.is_terminal() {
            let next = Transition::ALL
                .into_iter()
                .filter(|&t| state.is_valid(t))
                .min_by_key(|&t| state.cost(t, gold))
                .unwrap();
            assert_eq!(state.cost(next, gold), 0, "a zero-cost move always exists");
            state.apply(next, 0);
        }
        state.heads[..gold.len()].to_vec()
    }

    #[test]
    fn the_static_path_of_the_dynamic_oracle_rebuilds_projective_trees() {
        // "The cat sat on the mat ." with root 5 = n.
        let gold = [1, 2, 7, 5, 5, 2, 2];
        assert_eq!(oracle_parse(&gold), gold);
        // A head-final chain and a flat tree.
        assert_eq!(oracle_parse(&[1, 2, 3, 4]), [1, 2, 3, 4]);
        assert_eq!(oracle_parse(&[3, 0, 0]), [3, 0, 0]);
        assert_eq!(oracle_parse(&[1]), [1]);
    }

    #[test]
    fn every_parse_has_exactly_one_root_word() {
        let mut state = State::default();
        state.reset(4);
        // Always prefer Shift, then Right: the worst case for roots.
        while !state.is_terminal() {
            let next = [Transition::Shift, Transition::Right, Transition::Left]
                .into_iter()
                .find(|&t| state.is_valid(t))
                .unwrap();
            state.apply(next, 0);
        }
        let roots = state.heads[..4].iter().filter(|&&h| h == 4).count();
        assert_eq!(roots, 1);
        assert!(state.heads[..4].iter().all(|&h| h != NONE));
    }
}
