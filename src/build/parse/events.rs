//! A parsed note's events as they wait for the link and index stages, in under a third
//! of the room of `Vec<Event>`: pulldown-cmark's `Event` takes 80 bytes, sized for a
//! link's three strings, while most events are text or the start or end of a paragraph,
//! item or emphasis. Those take 24 bytes here; the rest are boxed. Every note's events
//! are in memory together between parsing and linking, which made them the largest part
//! of a big build's peak memory.

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};

/// A note's events, stored compactly; read back as `Event`s in the same order (indexes
/// recorded while parsing stay valid).
#[derive(Debug, Clone, Default)]
pub struct Events(Vec<Slim>);

#[derive(Debug, Clone)]
enum Slim {
    Text(Box<str>),
    Code(Box<str>),
    Html(Box<str>),
    InlineHtml(Box<str>),
    SoftBreak,
    HardBreak,
    Start(Simple),
    End(TagEnd),
    Other(Box<Event<'static>>),
}

/// Tags without strings.
#[derive(Debug, Clone, Copy)]
enum Simple {
    Paragraph,
    Item,
    Emphasis,
    Strong,
    Strikethrough,
    TableHead,
    TableRow,
    TableCell,
    HtmlBlock,
    BulletList,
    OrderedList(u64),
    BlockQuote(Option<BlockQuoteKind>),
}

fn boxed(s: CowStr<'static>) -> Box<str> {
    match s {
        CowStr::Boxed(b) => b,
        other => Box::from(&*other),
    }
}

fn simple(tag: &Tag) -> Option<Simple> {
    Some(match tag {
        Tag::Paragraph => Simple::Paragraph,
        Tag::Item => Simple::Item,
        Tag::Emphasis => Simple::Emphasis,
        Tag::Strong => Simple::Strong,
        Tag::Strikethrough => Simple::Strikethrough,
        Tag::TableHead => Simple::TableHead,
        Tag::TableRow => Simple::TableRow,
        Tag::TableCell => Simple::TableCell,
        Tag::HtmlBlock => Simple::HtmlBlock,
        Tag::List(None) => Simple::BulletList,
        Tag::List(Some(n)) => Simple::OrderedList(*n),
        Tag::BlockQuote(kind) => Simple::BlockQuote(*kind),
        _ => return None,
    })
}

fn tag<'a>(s: Simple) -> Tag<'a> {
    match s {
        Simple::Paragraph => Tag::Paragraph,
        Simple::Item => Tag::Item,
        Simple::Emphasis => Tag::Emphasis,
        Simple::Strong => Tag::Strong,
        Simple::Strikethrough => Tag::Strikethrough,
        Simple::TableHead => Tag::TableHead,
        Simple::TableRow => Tag::TableRow,
        Simple::TableCell => Tag::TableCell,
        Simple::HtmlBlock => Tag::HtmlBlock,
        Simple::BulletList => Tag::List(None),
        Simple::OrderedList(n) => Tag::List(Some(n)),
        Simple::BlockQuote(kind) => Tag::BlockQuote(kind),
    }
}

impl Slim {
    fn new(event: Event<'static>) -> Slim {
        match event {
            Event::Text(s) => Slim::Text(boxed(s)),
            Event::Code(s) => Slim::Code(boxed(s)),
            Event::Html(s) => Slim::Html(boxed(s)),
            Event::InlineHtml(s) => Slim::InlineHtml(boxed(s)),
            Event::SoftBreak => Slim::SoftBreak,
            Event::HardBreak => Slim::HardBreak,
            Event::End(end) => Slim::End(end),
            Event::Start(t) => match simple(&t) {
                Some(s) => Slim::Start(s),
                None => Slim::Other(Box::new(Event::Start(t))),
            },
            other => Slim::Other(Box::new(other)),
        }
    }

    /// The event, its strings borrowed (no copies) where it is one of the compact kinds.
    fn view(&self) -> Event<'_> {
        match self {
            Slim::Text(s) => Event::Text(CowStr::Borrowed(s)),
            Slim::Code(s) => Event::Code(CowStr::Borrowed(s)),
            Slim::Html(s) => Event::Html(CowStr::Borrowed(s)),
            Slim::InlineHtml(s) => Event::InlineHtml(CowStr::Borrowed(s)),
            Slim::SoftBreak => Event::SoftBreak,
            Slim::HardBreak => Event::HardBreak,
            Slim::Start(s) => Event::Start(tag(*s)),
            Slim::End(end) => Event::End(*end),
            Slim::Other(e) => (**e).clone(),
        }
    }

    fn owned(&self) -> Event<'static> {
        self.view().into_static()
    }

    fn into_event(self) -> Event<'static> {
        match self {
            Slim::Text(s) => Event::Text(CowStr::Boxed(s)),
            Slim::Code(s) => Event::Code(CowStr::Boxed(s)),
            Slim::Html(s) => Event::Html(CowStr::Boxed(s)),
            Slim::InlineHtml(s) => Event::InlineHtml(CowStr::Boxed(s)),
            Slim::Other(e) => *e,
            // No strings to move.
            other => other.owned(),
        }
    }
}

impl From<Vec<Event<'static>>> for Events {
    fn from(events: Vec<Event<'static>>) -> Events {
        let mut slim: Vec<Slim> = events.into_iter().map(Slim::new).collect();
        slim.shrink_to_fit();
        Events(slim)
    }
}

impl Events {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The events in order, borrowing their text.
    pub fn iter(&self) -> impl Iterator<Item = Event<'_>> {
        self.0.iter().map(Slim::view)
    }

    /// A copy of events `range` that the caller may change.
    pub fn to_vec(&self, range: std::ops::Range<usize>) -> Vec<Event<'static>> {
        self.0[range].iter().map(Slim::owned).collect()
    }

    /// All events, moved out (no copies of their text).
    pub fn into_vec(self) -> Vec<Event<'static>> {
        self.0.into_iter().map(Slim::into_event).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_come_back_as_they_went_in() {
        let text = "# Title {#t}\n\n> [!tip]\n> A *b* **c** `d` [e](f \"g\") ![h](i)\n\n1. x\n2. y\n\n- z\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<div>raw</div>\n\n```sh\nls\n```\n\nline  \nbreak[^n]\n\n[^n]: note\n";
        let events: Vec<Event<'static>> =
            pulldown_cmark::Parser::new_ext(text, crate::build::parse::options()).map(Event::into_static).collect();
        let compact = Events::from(events.clone());
        assert_eq!(compact.len(), events.len());
        assert_eq!(compact.iter().collect::<Vec<_>>(), events);
        assert_eq!(compact.to_vec(0..compact.len()), events);
        assert_eq!(compact.to_vec(2..5), events[2..5]);
        assert_eq!(compact.into_vec(), events);
        assert_eq!(std::mem::size_of::<Slim>(), 24);
    }
}
