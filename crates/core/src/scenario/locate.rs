//! Finds where a field of a parsed scenario sits in its RON text.
//!
//! `ron` reports positions only for syntax errors, so semantic problems (a `next` that names no
//! node) are found on the typed value and located afterwards by walking the text along the same
//! path (`nodes[3].responses[1].next`). This runs only when there is a problem to report, so a
//! clean load pays nothing for it.

use std::fmt;

/// One step of a path into a scenario file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Segment {
    Field(&'static str),
    Index(usize),
}

/// Deepest path the validator ever names (`nodes[i].responses[j].requires[k]` is 6 steps).
const MAX_DEPTH: usize = 8;

/// A path from the top of a scenario file to one value in it.
///
/// Stored inline and `Copy`: validation builds one for every value it checks, and a clean
/// load of a 10,000-node file should not pay an allocation for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldPath {
    segments: [Segment; MAX_DEPTH],
    len: u8,
}

impl Default for FieldPath {
    fn default() -> Self {
        Self::root()
    }
}

impl FieldPath {
    /// The path of the whole file.
    pub fn root() -> Self {
        FieldPath {
            segments: [Segment::Index(0); MAX_DEPTH],
            len: 0,
        }
    }

    /// A path made of `segments` (at most 8; further ones are ignored).
    pub fn of(segments: &[Segment]) -> Self {
        segments
            .iter()
            .fold(Self::root(), |path, segment| path.push(*segment))
    }

    /// The steps of this path.
    pub fn segments(&self) -> &[Segment] {
        &self.segments[..usize::from(self.len)]
    }

    /// This path extended by a struct field.
    pub fn field(&self, name: &'static str) -> Self {
        self.push(Segment::Field(name))
    }

    /// This path extended by a list element.
    pub fn index(&self, index: usize) -> Self {
        self.push(Segment::Index(index))
    }

    fn push(&self, segment: Segment) -> Self {
        let mut path = *self;
        if usize::from(path.len) < MAX_DEPTH {
            path.segments[usize::from(path.len)] = segment;
            path.len += 1;
        }
        path
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (position, segment) in self.segments().iter().enumerate() {
            match segment {
                Segment::Field(name) if position == 0 => write!(f, "{name}")?,
                Segment::Field(name) => write!(f, ".{name}")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// Where a value starts in the text, and how wide its first token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    /// Characters in the value's first token.
    pub width: usize,
}

/// Locates `path` in `source`. If the path leads somewhere the text does not have (an omitted
/// optional field), the deepest value that was found is returned instead.
pub fn locate(source: &str, path: &FieldPath) -> Location {
    locate_all(source, std::slice::from_ref(path))[0]
}

/// Locates every path in `paths` in one walk over `source`, answering as [`locate`] would for
/// each, in the same order.
///
/// The walk descends only into values some path goes through and skips the rest, so a file
/// with a thousand problems costs about as much as a file with one: the text is read once,
/// plus once more for each value that holds wanted values and has wanted siblings after it.
pub fn locate_all(source: &str, paths: &[FieldPath]) -> Vec<Location> {
    let mut tree = PathTree::of(paths);
    let mut cursor = Cursor::new(source);
    cursor.skip_trivia_and_attributes();
    tree.nodes[PathTree::ROOT].found = Some(cursor.token_location());
    tree.descend(&cursor, PathTree::ROOT);
    paths.iter().map(|path| tree.deepest_found(path)).collect()
}

/// The wanted paths merged into a tree: one node per distinct prefix, so values shared by many
/// paths (`nodes`, `nodes[3]`) are entered once.
struct PathTree {
    nodes: Vec<PathNode>,
    /// The child of a node reached by one more step.
    children: foldhash::HashMap<(usize, Segment), usize>,
}

#[derive(Default)]
struct PathNode {
    /// Where the value at this prefix starts, once the walk has reached it.
    found: Option<Location>,
    /// Wanted struct fields, in the order paths named them first.
    fields: Vec<(&'static str, usize)>,
    /// Wanted list elements, by ascending index.
    indices: Vec<(usize, usize)>,
}

impl PathTree {
    const ROOT: usize = 0;

    fn of(paths: &[FieldPath]) -> Self {
        let mut tree = PathTree {
            nodes: vec![PathNode::default()],
            children: foldhash::HashMap::default(),
        };
        for path in paths {
            let mut node = Self::ROOT;
            for segment in path.segments() {
                node = tree.child_or_insert(node, *segment);
            }
        }
        for node in &mut tree.nodes {
            node.indices.sort_unstable();
        }
        tree
    }

    fn child_or_insert(&mut self, parent: usize, segment: Segment) -> usize {
        if let Some(child) = self.children.get(&(parent, segment)) {
            return *child;
        }
        let child = self.nodes.len();
        self.nodes.push(PathNode::default());
        self.children.insert((parent, segment), child);
        match segment {
            Segment::Field(name) => self.nodes[parent].fields.push((name, child)),
            Segment::Index(index) => self.nodes[parent].indices.push((index, child)),
        }
        child
    }

    /// The location of the deepest prefix of `path` the walk reached.
    fn deepest_found(&self, path: &FieldPath) -> Location {
        let mut node = Self::ROOT;
        let mut found = self.nodes[node].found;
        for segment in path.segments() {
            match self.children.get(&(node, *segment)) {
                Some(child) if self.nodes[*child].found.is_some() => {
                    node = *child;
                    found = self.nodes[node].found;
                }
                _ => break,
            }
        }
        found.unwrap_or(Location {
            line: 1,
            column: 1,
            width: 1,
        })
    }

    /// Finds the wanted values inside the value at `at` (the start of `node`'s value). Each kind
    /// of step starts from its own copy of the cursor, as `locate` would from that spot.
    /// Recursion is as deep as the longest path: at most [`MAX_DEPTH`] levels.
    fn descend(&mut self, at: &Cursor<'_>, node: usize) {
        if !self.nodes[node].fields.is_empty() {
            self.walk_struct(&mut at.clone(), node);
        }
        if !self.nodes[node].indices.is_empty() {
            self.walk_list(&mut at.clone(), node);
        }
    }

    /// Walks the fields of the struct at the cursor, as `Cursor::enter_field` does, entering
    /// the wanted ones (the first of each name) and stopping once all have been found.
    fn walk_struct(&mut self, cursor: &mut Cursor<'_>, node: usize) {
        let mut wanted: Vec<(&'static str, usize)> = self.nodes[node].fields.clone();
        if !cursor.open_group('(') {
            return;
        }
        loop {
            let Token::Ident(field) = cursor.next_token() else {
                return;
            };
            match cursor.next_token() {
                Token::Colon => {
                    if let Some(position) = wanted.iter().position(|(name, _)| *name == field) {
                        let (_, child) = wanted.swap_remove(position);
                        self.reach(cursor, child);
                        if wanted.is_empty() {
                            return;
                        }
                    }
                    cursor.skip_value();
                    cursor.skip_trivia();
                    if cursor.peek() == Some(',') {
                        cursor.bump();
                    }
                }
                // `Some(Struct(...))`: the group just entered was the option; this is the struct.
                Token::Open('(') => {}
                _ => return,
            }
        }
    }

    /// Walks the elements of the list at the cursor, as `Cursor::enter_index` does, entering
    /// the wanted ones and stopping after the last.
    fn walk_list(&mut self, cursor: &mut Cursor<'_>, node: usize) {
        let wanted = std::mem::take(&mut self.nodes[node].indices);
        if cursor.open_group('[') {
            let mut index = 0;
            for (wanted_index, child) in &wanted {
                while index < *wanted_index && cursor.skip_element() {
                    index += 1;
                }
                cursor.skip_trivia();
                if index < *wanted_index || matches!(cursor.peek(), Some(']') | None) {
                    break;
                }
                self.reach(cursor, *child);
            }
        }
        self.nodes[node].indices = wanted;
    }

    /// Records that `child`'s value starts at the cursor and finds the values wanted in it.
    fn reach(&mut self, cursor: &mut Cursor<'_>, child: usize) {
        self.nodes[child].found = Some(cursor.token_location());
        self.descend(cursor, child);
    }
}

/// A character cursor over RON text that tracks line and column.
#[derive(Clone)]
pub(super) struct Cursor<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    rest: &'a str,
    /// Bytes in the text walked (after any byte-order mark), so `offset` can be computed.
    len: usize,
    line: usize,
    column: usize,
}

/// Enough of RON's tokens to skip values and find field names.
#[derive(Debug, PartialEq)]
pub(super) enum Token {
    Open(char),
    Close(char),
    Comma,
    Colon,
    Ident(String),
    Scalar,
    End,
}

impl<'a> Cursor<'a> {
    pub(super) fn new(source: &'a str) -> Self {
        let source = source.strip_prefix('\u{FEFF}').unwrap_or(source);
        Cursor {
            chars: source.chars().peekable(),
            rest: source,
            len: source.len(),
            line: 1,
            column: 1,
        }
    }

    /// Byte offset of the cursor in the text (after any byte-order mark).
    pub(super) fn offset(&self) -> usize {
        self.len - self.rest.len()
    }

    /// The next character that is not whitespace or a comment, without consuming it.
    pub(super) fn skip_trivia_then_peek(&mut self) -> Option<char> {
        self.skip_trivia();
        self.peek()
    }

    pub(super) fn peek(&mut self) -> Option<char> {
        self.chars.peek().copied()
    }

    pub(super) fn bump(&mut self) -> Option<char> {
        let c = self.chars.next()?;
        self.rest = &self.rest[c.len_utf8()..];
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    /// Skips whitespace, line comments and (nested) block comments.
    pub(super) fn skip_trivia(&mut self) {
        loop {
            match self.peek() {
                Some(c) if c.is_whitespace() => {
                    self.bump();
                }
                Some('/') if self.rest.starts_with("//") => {
                    while let Some(c) = self.bump() {
                        if c == '\n' {
                            break;
                        }
                    }
                }
                Some('/') if self.rest.starts_with("/*") => {
                    let mut depth = 0usize;
                    while !self.rest.is_empty() {
                        if self.rest.starts_with("/*") {
                            depth += 1;
                            self.bump();
                            self.bump();
                        } else if self.rest.starts_with("*/") {
                            depth -= 1;
                            self.bump();
                            self.bump();
                            if depth == 0 {
                                break;
                            }
                        } else {
                            self.bump();
                        }
                    }
                }
                _ => return,
            }
        }
    }

    /// Skips trivia and leading `#![enable(...)]` attributes.
    pub(super) fn skip_trivia_and_attributes(&mut self) {
        self.skip_trivia();
        while self.rest.starts_with("#!") {
            while let Some(c) = self.bump() {
                if c == ']' {
                    break;
                }
            }
            self.skip_trivia();
        }
    }

    /// Location and width of the next token, without consuming it.
    fn token_location(&mut self) -> Location {
        self.skip_trivia();
        let (line, column) = (self.line, self.column);
        let mut probe = Cursor {
            chars: self.rest.chars().peekable(),
            rest: self.rest,
            len: self.len,
            line,
            column,
        };
        probe.next_token();
        // Count only the token's characters: counting the rest of the file twice per call made
        // locating many problems quadratic in the file's length.
        let consumed = &self.rest[..self.rest.len() - probe.rest.len()];
        let width = consumed.chars().count();
        Location {
            line,
            column,
            width: width.clamp(1, 80),
        }
    }

    pub(super) fn next_token(&mut self) -> Token {
        self.skip_trivia();
        let Some(c) = self.peek() else {
            return Token::End;
        };
        match c {
            '(' | '[' | '{' => {
                self.bump();
                Token::Open(c)
            }
            ')' | ']' | '}' => {
                self.bump();
                Token::Close(c)
            }
            ',' => {
                self.bump();
                Token::Comma
            }
            ':' => {
                self.bump();
                Token::Colon
            }
            '"' => {
                self.skip_quoted('"');
                Token::Scalar
            }
            '\'' => {
                self.skip_quoted('\'');
                Token::Scalar
            }
            'r' if self.rest.starts_with("r\"") || self.rest.starts_with("r#") => {
                self.skip_raw_string();
                Token::Scalar
            }
            'b' if self.rest.starts_with("b\"") || self.rest.starts_with("b'") => {
                self.bump();
                let quote = self.peek().unwrap_or('"');
                self.skip_quoted(quote);
                Token::Scalar
            }
            c if c.is_alphabetic() || c == '_' => {
                let mut name = String::new();
                while let Some(c) = self.peek() {
                    if c.is_alphanumeric() || c == '_' {
                        name.push(c);
                        self.bump();
                    } else {
                        break;
                    }
                }
                Token::Ident(name)
            }
            _ => {
                // Numbers and anything else: one run of non-delimiters.
                while let Some(c) = self.peek() {
                    if c.is_whitespace() || "()[]{},:\"'".contains(c) {
                        break;
                    }
                    self.bump();
                }
                Token::Scalar
            }
        }
    }

    fn skip_quoted(&mut self, quote: char) {
        self.bump();
        while let Some(c) = self.bump() {
            if c == '\\' {
                self.bump();
            } else if c == quote {
                break;
            }
        }
    }

    fn skip_raw_string(&mut self) {
        self.bump();
        let mut hashes = 0;
        while self.peek() == Some('#') {
            hashes += 1;
            self.bump();
        }
        self.bump();
        let closing: String = std::iter::once('"')
            .chain(std::iter::repeat_n('#', hashes))
            .collect();
        while !self.rest.is_empty() {
            if self.rest.starts_with(&closing) {
                for _ in 0..closing.chars().count() {
                    self.bump();
                }
                return;
            }
            self.bump();
        }
    }

    /// Skips one whole value, however deeply nested, without recursion.
    fn skip_value(&mut self) {
        let mut depth = 0usize;
        loop {
            match self.next_token() {
                Token::Open(_) => depth += 1,
                Token::Close(_) => {
                    if depth <= 1 {
                        return;
                    }
                    depth -= 1;
                }
                Token::End => return,
                Token::Ident(_) => {
                    // `Name(...)`: a struct or variant whose body follows.
                    self.skip_trivia();
                    if depth == 0 && self.peek() != Some('(') {
                        return;
                    }
                }
                _ if depth == 0 => return,
                _ => {}
            }
        }
    }

    /// Enters the opening of a struct (optionally named, optionally wrapped in `Some`).
    fn open_group(&mut self, wanted: char) -> bool {
        loop {
            match self.next_token() {
                Token::Ident(_) => continue,
                Token::Open(c) => return c == wanted,
                _ => return false,
            }
        }
    }

    /// Moves to the value of field `name` in the struct at the cursor.
    #[cfg(test)]
    fn enter_field(&mut self, name: &str) -> bool {
        if !self.open_group('(') {
            return false;
        }
        loop {
            let Token::Ident(field) = self.next_token() else {
                return false;
            };
            match self.next_token() {
                Token::Colon if field == name => {
                    self.skip_trivia();
                    return true;
                }
                Token::Colon => {
                    self.skip_value();
                    self.skip_trivia();
                    if self.peek() == Some(',') {
                        self.bump();
                    }
                }
                // `Some(Struct(...))`: the group just entered was the option; this is the struct.
                Token::Open('(') => {}
                _ => return false,
            }
        }
    }

    /// Moves to element `index` of the list at the cursor.
    #[cfg(test)]
    fn enter_index(&mut self, index: usize) -> bool {
        if !self.open_group('[') {
            return false;
        }
        for _ in 0..index {
            if !self.skip_element() {
                return false;
            }
        }
        self.skip_trivia();
        !matches!(self.peek(), Some(']') | None)
    }

    /// Skips one list element and the comma after it; false at the end of the list.
    fn skip_element(&mut self) -> bool {
        self.skip_trivia();
        if self.peek() == Some(']') || self.peek().is_none() {
            return false;
        }
        self.skip_value();
        self.skip_trivia();
        if self.peek() == Some(',') {
            self.bump();
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The walk `locate` did before `locate_all`, one path at a time from the top: the
    /// reference the merged walk must agree with.
    fn locate_alone(source: &str, path: &FieldPath) -> Location {
        let mut cursor = Cursor::new(source);
        cursor.skip_trivia_and_attributes();
        let mut found = cursor.token_location();
        for segment in path.segments() {
            let reached = match *segment {
                Segment::Field(name) => cursor.enter_field(name),
                Segment::Index(index) => cursor.enter_index(index),
            };
            if !reached {
                break;
            }
            found = cursor.token_location();
        }
        found
    }

    const TEXT: &str = r##"// header
#![enable(implicit_some)]
ScenarioFile(
    id: "demo", /* a (tricky) comment ] */
    nodes: [
        NodeSpec(
            id: "a",
            says: ["Hi, \"there\"", r#"raw ( ]"#],
            responses: [
                ResponseSpec(text: "x", next: "b"),
                ResponseSpec(
                    text: "y",
                    effect: Effect(trust: -5),
                    next: "nowhere",
                ),
            ],
        ),
    ],
)
"##;

    fn path(segments: &[Segment]) -> FieldPath {
        FieldPath::of(segments)
    }

    #[test]
    fn finds_a_nested_field_past_comments_strings_and_raw_strings() {
        use Segment::*;
        let found = locate(
            TEXT,
            &path(&[
                Field("nodes"),
                Index(0),
                Field("responses"),
                Index(1),
                Field("next"),
            ]),
        );
        assert_eq!((found.line, found.column, found.width), (14, 27, 9));
    }

    #[test]
    fn falls_back_to_the_deepest_value_found() {
        use Segment::*;
        let found = locate(
            TEXT,
            &path(&[Field("nodes"), Index(0), Field("time_limit")]),
        );
        assert_eq!((found.line, found.column), (6, 9));
    }

    #[test]
    fn paths_print_like_rust_expressions() {
        use Segment::*;
        let printed = path(&[Field("nodes"), Index(2), Field("next")]).to_string();
        assert_eq!(printed, "nodes[2].next");
    }

    #[test]
    fn garbage_never_panics() {
        use Segment::*;
        for text in [
            "",
            "(((",
            "\"unterminated",
            "r#\"x",
            "/* open",
            "[1,2",
            "(a:",
        ] {
            locate(text, &path(&[Field("nodes"), Index(3), Field("next")]));
        }
    }

    /// Paths through `TEXT`'s shape and beside it: a fixed pseudo-random mix of its field
    /// names, names it lacks, and small and huge indices.
    fn many_paths() -> Vec<FieldPath> {
        use Segment::*;
        let steps = [
            Field("nodes"),
            Field("id"),
            Field("says"),
            Field("responses"),
            Field("next"),
            Field("effect"),
            Field("trust"),
            Field("time_limit"),
            Field("missing"),
            Index(0),
            Index(1),
            Index(2),
            Index(usize::MAX),
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |bound: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % bound
        };
        let mut paths = vec![
            FieldPath::root(),
            path(&[
                Field("nodes"),
                Index(0),
                Field("responses"),
                Index(1),
                Field("next"),
            ]),
            path(&[
                Field("nodes"),
                Index(0),
                Field("responses"),
                Index(0),
                Field("next"),
            ]),
            path(&[Field("nodes"), Index(0), Field("says"), Index(1)]),
            path(&[
                Field("nodes"),
                Index(0),
                Field("responses"),
                Index(1),
                Field("effect"),
                Field("trust"),
            ]),
            path(&[Field("id")]),
        ];
        for _ in 0..400 {
            let depth = next(MAX_DEPTH + 1);
            let segments: Vec<Segment> = (0..depth).map(|_| steps[next(steps.len())]).collect();
            paths.push(path(&segments));
        }
        paths
    }

    fn assert_all_agree(text: &str, paths: &[FieldPath]) {
        let together = locate_all(text, paths);
        assert_eq!(together.len(), paths.len());
        for (path, found) in paths.iter().zip(together) {
            assert_eq!(found, locate_alone(text, path), "{path} in {text:?}");
        }
    }

    #[test]
    fn locating_all_at_once_agrees_with_one_at_a_time() {
        assert_all_agree(TEXT, &many_paths());
    }

    #[test]
    fn locating_all_at_once_agrees_on_every_cut_of_the_text() {
        let paths = many_paths();
        for (cut, _) in TEXT.char_indices() {
            assert_all_agree(&TEXT[..cut], &paths);
        }
    }

    #[test]
    fn locating_all_at_once_agrees_on_odd_shapes_and_garbage() {
        use Segment::*;
        let odd = [
            "\u{FEFF}(nodes: [NodeSpec(id: \"a\")])",
            "(nodes: [Some(NodeSpec(id: \"a\", time_limit: Some(TimeLimitSpec(next: \"b\"))))])",
            "(id: \"first\", id: \"second\", nodes: [(id: r##\"x\"# ]\"##), (id: 'c')])",
            "(nodes: [(), (id: 1), , (id: 2)], nodes: [(id: 3)])",
            "(nodes: (id: [1]), id: [(id: 2)])",
            "#![enable(implicit_some)] /* ( */ // ]\n(nodes: [(id: b\"x\")])",
            ")))]]]",
            ":::,,,",
            "(a:",
            "(nodes: [(",
            "\"unterminated",
            "r#\"x",
            "/* open",
            "(nodes: [(id: \"a\" responses: [(next: 1)])])",
            "",
        ];
        let mut paths = many_paths();
        paths.push(path(&[Field("nodes"), Index(1), Field("id")]));
        paths.push(path(&[Field("nodes"), Index(3), Field("id")]));
        paths.push(path(&[
            Field("nodes"),
            Index(0),
            Field("time_limit"),
            Field("next"),
        ]));
        for text in odd {
            assert_all_agree(text, &paths);
        }
    }

    #[test]
    fn locating_nothing_returns_nothing() {
        assert!(locate_all(TEXT, &[]).is_empty());
    }
}
