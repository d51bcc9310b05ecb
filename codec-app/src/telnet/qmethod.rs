//! The RFC 1143 "Q method" of option negotiation: the state machine that keeps two Telnet
//! peers from negotiating in a loop, as a plain value with no I/O.
//!
//! Every option has two independent sides: *us* (whether we perform it: we send WILL/WONT,
//! the peer sends DO/DONT) and *him* (whether the peer performs it: we send DO/DONT, it
//! sends WILL/WONT). Each side is in one of six states ([`Q`]). [`QMethod::receive`] takes
//! a negotiation from the peer and says what to answer and what changed;
//! [`QMethod::enable`] / [`QMethod::disable`] start a change of our own, queued behind a
//! negotiation in progress exactly as RFC 1143 §7 prescribes.
//!
//! ```
//! use codec_app::telnet::qmethod::{Change, QMethod, Side};
//! use codec_app::telnet::{Negotiation, TelnetOption, Verb};
//! let mut q = QMethod::new();
//! q.set_accept(Side::Him, TelnetOption::Naws, true);
//! // The peer offers NAWS; we accept it.
//! let r = q.receive(Negotiation::new(Verb::Will, TelnetOption::Naws));
//! assert_eq!(r.send, Some(Negotiation::new(Verb::Do, TelnetOption::Naws)));
//! assert_eq!(r.change, Some(Change::Enabled(Side::Him, TelnetOption::Naws)));
//! // It offers ECHO, which we do not accept: refused, nothing changes.
//! let r = q.receive(Negotiation::new(Verb::Will, TelnetOption::Echo));
//! assert_eq!(r.send, Some(Negotiation::new(Verb::Dont, TelnetOption::Echo)));
//! assert_eq!(r.change, None);
//! // We ask for SGA; its WILL answers us and is not answered again (no loop).
//! assert_eq!(
//!     q.enable(Side::Him, TelnetOption::SuppressGoAhead),
//!     Ok(Some(Negotiation::new(Verb::Do, TelnetOption::SuppressGoAhead)))
//! );
//! let r = q.receive(Negotiation::new(Verb::Will, TelnetOption::SuppressGoAhead));
//! assert_eq!((r.send, r.change), (None, Some(Change::Enabled(Side::Him, TelnetOption::SuppressGoAhead))));
//! ```

use super::{Negotiation, TelnetOption, Verb};
use core::fmt;

/// The state of one side of one option (RFC 1143 §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Q {
    /// Disabled.
    #[default]
    No,
    /// Enabled.
    Yes,
    /// We asked to disable and wait for the answer.
    WantNo,
    /// We asked to disable, and want to enable again once answered (queue OPPOSITE).
    WantNoOpposite,
    /// We asked to enable and wait for the answer.
    WantYes,
    /// We asked to enable, and want to disable again once answered (queue OPPOSITE).
    WantYesOpposite,
}

/// Which side of an option.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// Whether we perform the option (we send WILL/WONT).
    Us,
    /// Whether the peer performs the option (we send DO/DONT).
    Him,
}

impl Side {
    const fn index(self) -> usize {
        match self {
            Side::Us => 0,
            Side::Him => 1,
        }
    }

    /// The verbs we send to enable and to disable this side.
    const fn verbs(self) -> (Verb, Verb) {
        match self {
            Side::Us => (Verb::Will, Verb::Wont),
            Side::Him => (Verb::Do, Verb::Dont),
        }
    }
}

/// A change of an option's state, to act on (start echoing, send NAWS...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Change {
    /// The side of the option is now enabled.
    Enabled(Side, TelnetOption),
    /// The side of the option is now disabled.
    Disabled(Side, TelnetOption),
}

/// What RFC 1143 calls an error: a request that makes no sense in the current state, or a
/// peer answering a DONT with WILL (a WONT with DO).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QError {
    /// [`QMethod::enable`] on an enabled side.
    AlreadyEnabled,
    /// [`QMethod::disable`] on a disabled side.
    AlreadyDisabled,
    /// The same request is already being negotiated.
    AlreadyNegotiating,
    /// The same request is already queued behind a negotiation.
    AlreadyQueued,
    /// The peer answered our DONT with WILL, or our WONT with DO (RFC 1143 §7).
    Contradicted,
}

impl fmt::Display for QError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            QError::AlreadyEnabled => "option already enabled",
            QError::AlreadyDisabled => "option already disabled",
            QError::AlreadyNegotiating => "option already being negotiated",
            QError::AlreadyQueued => "option change already queued",
            QError::Contradicted => "peer answered a refusal with an offer",
        })
    }
}

/// What to do after a negotiation from the peer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Reaction {
    /// The negotiation to send back, if any.
    pub send: Option<Negotiation>,
    /// The change of state, if any.
    pub change: Option<Change>,
    /// A protocol error the peer made (the state is still updated as RFC 1143 says).
    pub error: Option<QError>,
}

/// The Q-method state of all 256 options, both sides, with the options we accept.
#[derive(Clone, PartialEq, Eq)]
pub struct QMethod {
    states: [[Q; 256]; 2],
    accept: [[u64; 4]; 2],
}

impl Default for QMethod {
    fn default() -> Self {
        QMethod::new()
    }
}

impl fmt::Debug for QMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut m = f.debug_map();
        for (o, (us, him)) in self.states[0].iter().zip(self.states[1].iter()).enumerate() {
            if *us != Q::No || *him != Q::No {
                m.entry(&o, &(us, him));
            }
        }
        m.finish()
    }
}

impl QMethod {
    /// Every option disabled on both sides, and none accepted.
    #[must_use]
    pub const fn new() -> Self {
        QMethod {
            states: [[Q::No; 256]; 2],
            accept: [[0; 4]; 2],
        }
    }

    /// Whether we agree to enable `side` of `option` when the peer asks (DO for
    /// [`Side::Us`], WILL for [`Side::Him`]).
    pub fn set_accept(&mut self, side: Side, option: TelnetOption, accept: bool) {
        let o = usize::from(option.value());
        if let Some(word) = self
            .accept
            .get_mut(side.index())
            .and_then(|a| a.get_mut(o / 64))
        {
            if accept {
                *word |= 1 << (o % 64);
            } else {
                *word &= !(1 << (o % 64));
            }
        }
    }

    /// Whether we accept `side` of `option`.
    #[must_use]
    pub fn accepts(&self, side: Side, option: TelnetOption) -> bool {
        let o = usize::from(option.value());
        self.accept
            .get(side.index())
            .and_then(|a| a.get(o / 64))
            .is_some_and(|w| (w >> (o % 64)) & 1 == 1)
    }

    /// The state of `side` of `option`.
    #[must_use]
    pub fn state(&self, side: Side, option: TelnetOption) -> Q {
        self.states
            .get(side.index())
            .and_then(|s| s.get(usize::from(option.value())))
            .copied()
            .unwrap_or_default()
    }

    /// Whether `side` of `option` is enabled.
    #[must_use]
    pub fn is_enabled(&self, side: Side, option: TelnetOption) -> bool {
        self.state(side, option) == Q::Yes
    }

    fn set(&mut self, side: Side, option: TelnetOption, q: Q) {
        if let Some(slot) = self
            .states
            .get_mut(side.index())
            .and_then(|s| s.get_mut(usize::from(option.value())))
        {
            *slot = q;
        }
    }

    /// Handles a negotiation received from the peer (RFC 1143 §7, "Upon receipt of
    /// WILL/WONT/DO/DONT").
    pub fn receive(&mut self, n: Negotiation) -> Reaction {
        let (side, positive) = match n.verb {
            Verb::Will => (Side::Him, true),
            Verb::Wont => (Side::Him, false),
            Verb::Do => (Side::Us, true),
            Verb::Dont => (Side::Us, false),
        };
        let option = n.option;
        let (yes, no) = side.verbs();
        let send = |v: Verb| Some(Negotiation::new(v, option));
        let enabled = Some(Change::Enabled(side, option));
        let disabled = Some(Change::Disabled(side, option));
        let mut r = Reaction::default();
        let (next, send_v, change, error) = match (self.state(side, option), positive) {
            (Q::No, true) => {
                if self.accepts(side, option) {
                    (Q::Yes, send(yes), enabled, None)
                } else {
                    (Q::No, send(no), None, None)
                }
            }
            (Q::Yes, true) => (Q::Yes, None, None, None),
            (Q::WantNo, true) => (Q::No, None, disabled, Some(QError::Contradicted)),
            (Q::WantNoOpposite, true) => (Q::Yes, None, None, Some(QError::Contradicted)),
            (Q::WantYes, true) => (Q::Yes, None, enabled, None),
            (Q::WantYesOpposite, true) => (Q::WantNo, send(no), enabled, None),
            (Q::No, false) => (Q::No, None, None, None),
            (Q::Yes, false) => (Q::No, send(no), disabled, None),
            (Q::WantNo, false) => (Q::No, None, disabled, None),
            (Q::WantNoOpposite, false) => (Q::WantYes, send(yes), disabled, None),
            (Q::WantYes, false) | (Q::WantYesOpposite, false) => (Q::No, None, None, None),
        };
        self.set(side, option, next);
        r.send = send_v;
        r.change = change;
        r.error = error;
        r
    }

    /// We want `side` of `option` enabled: the negotiation to send now, if any (none when
    /// the request is queued behind one in progress).
    ///
    /// # Errors
    /// The [`QError`] RFC 1143 names for the current state; nothing changes then.
    pub fn enable(
        &mut self,
        side: Side,
        option: TelnetOption,
    ) -> Result<Option<Negotiation>, QError> {
        let (yes, _) = side.verbs();
        let (next, send) = match self.state(side, option) {
            Q::No => (Q::WantYes, Some(Negotiation::new(yes, option))),
            Q::Yes => return Err(QError::AlreadyEnabled),
            Q::WantNo => (Q::WantNoOpposite, None),
            Q::WantNoOpposite => return Err(QError::AlreadyQueued),
            Q::WantYes => return Err(QError::AlreadyNegotiating),
            Q::WantYesOpposite => (Q::WantYes, None),
        };
        self.set(side, option, next);
        Ok(send)
    }

    /// We want `side` of `option` disabled: the negotiation to send now, if any.
    ///
    /// # Errors
    /// The [`QError`] RFC 1143 names for the current state; nothing changes then.
    pub fn disable(
        &mut self,
        side: Side,
        option: TelnetOption,
    ) -> Result<Option<Negotiation>, QError> {
        let (_, no) = side.verbs();
        let (next, send) = match self.state(side, option) {
            Q::No => return Err(QError::AlreadyDisabled),
            Q::Yes => (Q::WantNo, Some(Negotiation::new(no, option))),
            Q::WantNo => return Err(QError::AlreadyNegotiating),
            Q::WantNoOpposite => (Q::WantNo, None),
            Q::WantYes => (Q::WantYesOpposite, None),
            Q::WantYesOpposite => return Err(QError::AlreadyQueued),
        };
        self.set(side, option, next);
        Ok(send)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    const ECHO: TelnetOption = TelnetOption::Echo;

    fn n(verb: Verb) -> Negotiation {
        Negotiation::new(verb, ECHO)
    }

    #[test]
    fn queued_requests_follow_rfc_1143() {
        // We ask the peer to enable ECHO, change our mind before the answer, and the
        // answer comes: RFC 1143 sends DONT right after the WILL, once.
        let mut q = QMethod::new();
        assert_eq!(q.enable(Side::Him, ECHO), Ok(Some(n(Verb::Do))));
        assert_eq!(q.enable(Side::Him, ECHO), Err(QError::AlreadyNegotiating));
        assert_eq!(q.disable(Side::Him, ECHO), Ok(None));
        assert_eq!(q.state(Side::Him, ECHO), Q::WantYesOpposite);
        assert_eq!(q.disable(Side::Him, ECHO), Err(QError::AlreadyQueued));
        let r = q.receive(n(Verb::Will));
        assert_eq!(r.send, Some(n(Verb::Dont)));
        assert_eq!(q.state(Side::Him, ECHO), Q::WantNo);
        let r = q.receive(n(Verb::Wont));
        assert_eq!(r.send, None);
        assert_eq!(r.change, Some(Change::Disabled(Side::Him, ECHO)));
        assert_eq!(q.state(Side::Him, ECHO), Q::No);
        assert_eq!(q.disable(Side::Him, ECHO), Err(QError::AlreadyDisabled));
    }

    #[test]
    fn refusals_do_not_loop() {
        // Two Q-method peers that refuse each other's offers exchange each message once.
        let mut a = QMethod::new();
        let mut b = QMethod::new();
        let mut wire: Vec<(bool, Negotiation)> = Vec::new();
        wire.push((true, a.enable(Side::Us, ECHO).unwrap().unwrap()));
        let mut messages = 0;
        while let Some((to_b, msg)) = wire.pop() {
            messages += 1;
            assert!(messages < 10, "negotiation loop");
            let r = if to_b { b.receive(msg) } else { a.receive(msg) };
            if let Some(s) = r.send {
                wire.push((!to_b, s));
            }
        }
        assert_eq!(messages, 2); // WILL, DONT
        assert_eq!(a.state(Side::Us, ECHO), Q::No);
        assert_eq!(b.state(Side::Him, ECHO), Q::No);
        // Accepted: WILL, DO.
        b.set_accept(Side::Him, ECHO, true);
        assert!(b.accepts(Side::Him, ECHO));
        let will = a.enable(Side::Us, ECHO).unwrap().unwrap();
        let r = b.receive(will);
        assert_eq!(r.send, Some(n(Verb::Do)));
        let r = a.receive(r.send.unwrap());
        assert_eq!(
            (r.send, r.change),
            (None, Some(Change::Enabled(Side::Us, ECHO)))
        );
        assert!(a.is_enabled(Side::Us, ECHO) && b.is_enabled(Side::Him, ECHO));
        // A repeated DO is ignored.
        assert_eq!(a.receive(n(Verb::Do)), Reaction::default());
        b.set_accept(Side::Him, ECHO, false);
        assert!(!b.accepts(Side::Him, ECHO));
    }

    #[test]
    fn every_state_and_message() {
        use Q::*;
        // (state, positive?) -> (next, verb sent) for Side::Us, the table of RFC 1143 §7.
        let table = [
            (No, true, No, Some(Verb::Wont)),
            (Yes, true, Yes, None),
            (WantNo, true, No, None),
            (WantNoOpposite, true, Yes, None),
            (WantYes, true, Yes, None),
            (WantYesOpposite, true, WantNo, Some(Verb::Wont)),
            (No, false, No, None),
            (Yes, false, No, Some(Verb::Wont)),
            (WantNo, false, No, None),
            (WantNoOpposite, false, WantYes, Some(Verb::Will)),
            (WantYes, false, No, None),
            (WantYesOpposite, false, No, None),
        ];
        for (state, positive, next, sent) in table {
            let mut q = QMethod::new();
            q.set(Side::Us, ECHO, state);
            let r = q.receive(n(if positive { Verb::Do } else { Verb::Dont }));
            assert_eq!(q.state(Side::Us, ECHO), next, "{state:?} {positive}");
            assert_eq!(r.send.map(|s| s.verb), sent, "{state:?} {positive}");
            assert_eq!(
                r.error.is_some(),
                positive && matches!(state, WantNo | WantNoOpposite)
            );
        }
        let mut q = QMethod::new();
        q.set(Side::Us, ECHO, WantNo);
        assert_eq!(q.enable(Side::Us, ECHO), Ok(None));
        assert_eq!(q.state(Side::Us, ECHO), WantNoOpposite);
        assert_eq!(q.enable(Side::Us, ECHO), Err(QError::AlreadyQueued));
        assert_eq!(q.disable(Side::Us, ECHO), Ok(None));
        assert_eq!(q.disable(Side::Us, ECHO), Err(QError::AlreadyNegotiating));
        q.set(Side::Us, ECHO, Yes);
        assert_eq!(q.enable(Side::Us, ECHO), Err(QError::AlreadyEnabled));
        assert_eq!(q.disable(Side::Us, ECHO), Ok(Some(n(Verb::Wont))));
        assert_eq!(std::format!("{q:?}"), "{1: (WantNo, No)}");
        assert_eq!(
            std::string::ToString::to_string(&QError::Contradicted),
            "peer answered a refusal with an offer"
        );
    }
}
