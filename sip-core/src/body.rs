//! Small bodies a SIP voicemail system needs: RFC 3842 message-summary (MWI) and the status
//! line of an RFC 3420 `message/sipfrag` (REFER progress NOTIFYs).

use std::fmt;

use crate::error::{ErrorKind, ParseError};
use crate::parse::scan::parse_u64;

/// One `message-context-class` line: `Voice-Message: 2/8 (1/0)` (RFC 3842 §5.2, RFC 3458).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageCount {
    /// The class as written (`Voice-Message`, `Fax-Message`, ...).
    pub class: String,
    /// New messages.
    pub new: u32,
    /// Old messages.
    pub old: u32,
    /// New and old urgent messages, when given.
    pub urgent: Option<(u32, u32)>,
}

/// An `application/simple-message-summary` body (RFC 3842 §5.2).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MessageSummary {
    /// `Messages-Waiting: yes|no`.
    pub messages_waiting: bool,
    /// `Message-Account`, the mailbox URI.
    pub account: Option<String>,
    /// The per-class counts.
    pub counts: Vec<MessageCount>,
    /// Any other `name: value` lines (opt-msg-headers), kept in order.
    pub extra: Vec<(String, String)>,
}

fn bad(at: usize) -> ParseError {
    ParseError::new(at, ErrorKind::HeaderValue("message-summary"))
}

fn count(v: &str, at: usize) -> Result<u32, ParseError> {
    parse_u64(v.trim().as_bytes(), u64::from(u32::MAX))
        .map(|n| n as u32)
        .ok_or(bad(at))
}

fn pair(v: &str, at: usize) -> Result<(u32, u32), ParseError> {
    let (a, b) = v.split_once('/').ok_or(bad(at))?;
    Ok((count(a, at)?, count(b, at)?))
}

impl MessageSummary {
    /// Parses the body; names are case-insensitive, spaces optional, the urgent part too.
    pub fn parse(body: &[u8]) -> Result<Self, ParseError> {
        let text = std::str::from_utf8(body).map_err(|e| bad(e.valid_up_to()))?;
        let mut out = MessageSummary::default();
        let mut seen_status = false;
        let mut at = 0;
        for line in text.split('\n') {
            let here = at;
            at += line.len() + 1;
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() {
                continue;
            }
            let (name, value) = line.split_once(':').ok_or(bad(here))?;
            let (name, value) = (name.trim(), value.trim());
            if name.eq_ignore_ascii_case("Messages-Waiting") {
                out.messages_waiting = match value.to_ascii_lowercase().as_str() {
                    "yes" => true,
                    "no" => false,
                    _ => return Err(bad(here)),
                };
                seen_status = true;
            } else if name.eq_ignore_ascii_case("Message-Account") {
                out.account = Some(value.to_owned());
            } else if name.to_ascii_lowercase().ends_with("-message")
                || name.eq_ignore_ascii_case("none")
            {
                let (main, urgent) = match value.split_once('(') {
                    Some((m, u)) => (m, Some(u.trim_end().strip_suffix(')').ok_or(bad(here))?)),
                    None => (value, None),
                };
                let (new, old) = pair(main, here)?;
                let urgent = urgent.map(|u| pair(u, here)).transpose()?;
                out.counts.push(MessageCount {
                    class: name.to_owned(),
                    new,
                    old,
                    urgent,
                });
            } else {
                out.extra.push((name.to_owned(), value.to_owned()));
            }
        }
        if !seen_status {
            return Err(bad(0));
        }
        Ok(out)
    }

    /// The voice-message counts, if present.
    pub fn voice(&self) -> Option<&MessageCount> {
        self.counts
            .iter()
            .find(|c| c.class.eq_ignore_ascii_case("Voice-Message"))
    }
}

impl fmt::Display for MessageSummary {
    /// Canonical form with CRLF line ends, urgent counts always written.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let yn = if self.messages_waiting { "yes" } else { "no" };
        write!(f, "Messages-Waiting: {yn}\r\n")?;
        if let Some(a) = &self.account {
            write!(f, "Message-Account: {a}\r\n")?;
        }
        for c in &self.counts {
            write!(f, "{}: {}/{}", c.class, c.new, c.old)?;
            if let Some((n, o)) = c.urgent {
                write!(f, " ({n}/{o})")?;
            }
            f.write_str("\r\n")?;
        }
        for (n, v) in &self.extra {
            write!(f, "{n}: {v}\r\n")?;
        }
        Ok(())
    }
}

/// The status line of a `message/sipfrag` body (RFC 3420, RFC 3515 §2.4.5): what a REFER
/// NOTIFY reports, e.g. `SIP/2.0 180 Ringing`.
pub fn sipfrag_status(body: &[u8]) -> Result<(u16, &[u8]), ParseError> {
    let line = body.split(|&c| c == b'\n').next().unwrap_or(b"");
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let rest = line.strip_prefix(b"SIP/2.0 ").ok_or(ParseError::new(
        0,
        ErrorKind::StartLine("not a status line"),
    ))?;
    if rest.len() < 3 || (rest.len() > 3 && rest[3] != b' ') {
        return Err(ParseError::new(8, ErrorKind::StatusCode));
    }
    let code = parse_u64(&rest[..3], 699)
        .filter(|c| *c >= 100)
        .ok_or(ParseError::new(8, ErrorKind::StatusCode))? as u16;
    Ok((code, rest.get(4..).unwrap_or(b"")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3842_example_and_interop_forms() {
        let s = MessageSummary::parse(
            b"Messages-Waiting: yes\r\nMessage-Account: sip:alice@vmail.example.com\r\n\
Voice-Message: 4/8 (1/2)\r\n",
        )
        .unwrap();
        assert!(s.messages_waiting);
        assert_eq!(s.account.as_deref(), Some("sip:alice@vmail.example.com"));
        let v = s.voice().unwrap();
        assert_eq!((v.new, v.old, v.urgent), (4, 8, Some((1, 2))));
        assert_eq!(MessageSummary::parse(s.to_string().as_bytes()).unwrap(), s);
        // FreeSWITCH style (no urgent part), lower case, Fax-Message, LF only.
        let s =
            MessageSummary::parse(b"messages-waiting:no\nvoice-message: 0/3\nFax-Message:1/0\n")
                .unwrap();
        assert!(!s.messages_waiting);
        assert_eq!(s.counts.len(), 2);
        assert_eq!(s.counts[1].urgent, None);
        assert!(MessageSummary::parse(b"Voice-Message: 1/2\r\n").is_err());
        assert!(MessageSummary::parse(b"Messages-Waiting: maybe\r\n").is_err());
        assert!(MessageSummary::parse(b"Messages-Waiting: yes\r\nVoice-Message: 1\r\n").is_err());
    }

    #[test]
    fn sipfrag() {
        assert_eq!(
            sipfrag_status(b"SIP/2.0 200 OK\r\n").unwrap(),
            (200, &b"OK"[..])
        );
        assert_eq!(sipfrag_status(b"SIP/2.0 100 Trying").unwrap().0, 100);
        assert!(sipfrag_status(b"SIP/2.0 99 x").is_err());
        assert!(sipfrag_status(b"INVITE sip:a SIP/2.0").is_err());
    }
}
