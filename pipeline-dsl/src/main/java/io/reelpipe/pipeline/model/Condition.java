package io.reelpipe.pipeline.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A stage's {@code when}: a small boolean expression over the probed media of the job's source, e.g.
 * {@code media.hasAudio}, {@code media.duration > 30s}, {@code media.video.height >= 720 && !media.hasSubtitles}.
 *
 * <p>Grammar: {@code or := and ('||' and)*}, {@code and := unary ('&&' unary)*}, {@code unary := '!' unary | cmp},
 * {@code cmp := operand (('=='|'!='|'<'|'<='|'>'|'>=') operand)?}, {@code operand := path | number | duration |
 * string | true | false | null | '(' or ')'}. A path starts with {@code media.} and walks the job's media map
 * ({@code media.video.height}); a few derived properties exist (see {@link #property}). Durations are a number with
 * {@code ms}, {@code s}, {@code m} or {@code h} and compare as seconds. A missing property is {@code null}: every
 * ordering comparison with null is false, {@code == null} is true; a bare operand is true when it is {@code true}, a
 * non-zero number or a non-empty string/list/map.
 */
public final class Condition {

    private final String source;
    private final Node root;

    private Condition(String source, Node root) {
        this.source = source;
        this.root = root;
    }

    /** A syntax error; {@code offset} is the 0-based character offset in the expression. */
    public static final class SyntaxError extends IllegalArgumentException {
        private final int offset;

        SyntaxError(int offset, String message) {
            super(message);
            this.offset = offset;
        }

        public int offset() {
            return offset;
        }
    }

    /** Parses an expression; throws {@link SyntaxError} with the offset of the fault. */
    public static Condition parse(String expression) {
        Objects.requireNonNull(expression, "expression");
        Parser p = new Parser(expression);
        Node n = p.or();
        if (p.peek().kind != Kind.END) {
            throw new SyntaxError(p.peek().offset, "unexpected '" + p.peek().text + "'");
        }
        return new Condition(expression, n);
    }

    public String source() {
        return source;
    }

    /** Evaluates against {@code media} (the StageTask's probe results). */
    public boolean test(Map<String, Object> media) {
        return truthy(root.eval(media == null ? Map.of() : media));
    }

    /** True when the expression reads no property and is false: the stage can never run. */
    public boolean alwaysFalse() {
        return !root.readsMedia() && !test(Map.of());
    }

    /** Property paths the expression reads (e.g. {@code media.video.height}). */
    public List<String> paths() {
        List<String> out = new ArrayList<>();
        root.collect(out);
        return out;
    }

    @Override
    public String toString() {
        return source;
    }

    /**
     * Reads {@code path} (without the {@code media.} prefix) from a media map. Derived properties:
     * {@code duration} (seconds, from {@code durationSeconds}), {@code hasAudio}, {@code hasVideo},
     * {@code hasSubtitles} (from the stream lists), {@code width}/{@code height} (of {@code video}).
     */
    public static Object property(Map<String, Object> media, String path) {
        switch (path) {
            case "duration" -> {
                return media.containsKey("duration") ? media.get("duration") : media.get("durationSeconds");
            }
            case "hasAudio" -> {
                return media.containsKey("hasAudio") ? media.get("hasAudio") : nonEmpty(media.get("audioStreams"));
            }
            case "hasSubtitles" -> {
                return media.containsKey("hasSubtitles") ? media.get("hasSubtitles") : nonEmpty(media.get("subtitleStreams"));
            }
            case "hasVideo" -> {
                return media.containsKey("hasVideo") ? media.get("hasVideo")
                        : media.get("video") != null || nonEmpty(media.get("videoStreams"));
            }
            case "width", "height" -> {
                if (!media.containsKey(path) && media.get("video") instanceof Map<?, ?> v) {
                    return v.get(path);
                }
            }
            default -> {
            }
        }
        Object cur = media;
        for (String part : path.split("\\.")) {
            if (cur instanceof Map<?, ?> m) {
                cur = m.get(part);
            } else if (cur instanceof List<?> l && part.matches("\\d+")) {
                int i = Integer.parseInt(part);
                cur = i < l.size() ? l.get(i) : null;
            } else if (cur instanceof List<?> l && part.equals("size")) {
                cur = l.size();
            } else {
                return null;
            }
        }
        return cur;
    }

    private static boolean nonEmpty(Object o) {
        return o instanceof List<?> l && !l.isEmpty();
    }

    static boolean truthy(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (v instanceof String s) {
            return !s.isEmpty() && !s.equalsIgnoreCase("false");
        }
        if (v instanceof java.util.Collection<?> c) {
            return !c.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }

    // ---- AST ----

    private interface Node {
        Object eval(Map<String, Object> media);

        default boolean readsMedia() {
            return false;
        }

        default void collect(List<String> paths) {
        }
    }

    private record Literal(Object value) implements Node {
        public Object eval(Map<String, Object> media) {
            return value;
        }
    }

    private record Path(String path) implements Node {
        public Object eval(Map<String, Object> media) {
            return property(media, path);
        }

        public boolean readsMedia() {
            return true;
        }

        public void collect(List<String> paths) {
            paths.add("media." + path);
        }
    }

    private record Not(Node inner) implements Node {
        public Object eval(Map<String, Object> media) {
            return !truthy(inner.eval(media));
        }

        public boolean readsMedia() {
            return inner.readsMedia();
        }

        public void collect(List<String> paths) {
            inner.collect(paths);
        }
    }

    private record Logical(boolean and, Node left, Node right) implements Node {
        public Object eval(Map<String, Object> media) {
            boolean l = truthy(left.eval(media));
            if (and) {
                return l && truthy(right.eval(media));
            }
            return l || truthy(right.eval(media));
        }

        public boolean readsMedia() {
            return left.readsMedia() || right.readsMedia();
        }

        public void collect(List<String> paths) {
            left.collect(paths);
            right.collect(paths);
        }
    }

    private record Compare(String op, Node left, Node right) implements Node {
        public Object eval(Map<String, Object> media) {
            Object l = left.eval(media);
            Object r = right.eval(media);
            if (op.equals("==")) {
                return equal(l, r);
            }
            if (op.equals("!=")) {
                return !equal(l, r);
            }
            Integer c = compare(l, r);
            if (c == null) {
                return false;
            }
            return switch (op) {
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                default -> c >= 0;
            };
        }

        public boolean readsMedia() {
            return left.readsMedia() || right.readsMedia();
        }

        public void collect(List<String> paths) {
            left.collect(paths);
            right.collect(paths);
        }

        private static boolean equal(Object l, Object r) {
            if (l == null || r == null) {
                return l == r;
            }
            Double a = number(l);
            Double b = number(r);
            if (a != null && b != null) {
                return a.doubleValue() == b.doubleValue();
            }
            if (l instanceof Boolean || r instanceof Boolean) {
                return truthy(l) == truthy(r);
            }
            return String.valueOf(l).equals(String.valueOf(r));
        }

        private static Integer compare(Object l, Object r) {
            if (l == null || r == null) {
                return null;
            }
            Double a = number(l);
            Double b = number(r);
            if (a != null && b != null) {
                return Double.compare(a, b);
            }
            if (l instanceof String x && r instanceof String y) {
                return x.compareTo(y);
            }
            return null;
        }

        private static Double number(Object o) {
            if (o instanceof Number n) {
                return n.doubleValue();
            }
            if (o instanceof String s) {
                try {
                    return Double.parseDouble(s.trim());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            return null;
        }
    }

    // ---- lexer and parser ----

    private enum Kind { PATH, NUMBER, STRING, TRUE, FALSE, NULL, OP, LPAREN, RPAREN, END }

    private record Token(Kind kind, String text, Object value, int offset) {
    }

    private static final class Parser {
        private final List<Token> tokens;
        private int pos;

        Parser(String s) {
            this.tokens = lex(s);
        }

        Token peek() {
            return tokens.get(pos);
        }

        Token next() {
            return tokens.get(pos++);
        }

        boolean op(String o) {
            if (peek().kind == Kind.OP && peek().text.equals(o)) {
                pos++;
                return true;
            }
            return false;
        }

        Node or() {
            Node n = and();
            while (op("||")) {
                n = new Logical(false, n, and());
            }
            return n;
        }

        Node and() {
            Node n = unary();
            while (op("&&")) {
                n = new Logical(true, n, unary());
            }
            return n;
        }

        Node unary() {
            if (op("!")) {
                return new Not(unary());
            }
            return comparison();
        }

        Node comparison() {
            Node left = operand();
            Token t = peek();
            if (t.kind == Kind.OP && List.of("==", "!=", "<", "<=", ">", ">=").contains(t.text)) {
                pos++;
                Node right = operand();
                if (peek().kind == Kind.OP && List.of("==", "!=", "<", "<=", ">", ">=").contains(peek().text)) {
                    throw new SyntaxError(peek().offset, "comparisons do not chain: use && between them");
                }
                return new Compare(t.text, left, right);
            }
            return left;
        }

        Node operand() {
            Token t = next();
            return switch (t.kind) {
                case PATH -> new Path(t.text.substring("media.".length()));
                case NUMBER, STRING -> new Literal(t.value);
                case TRUE -> new Literal(Boolean.TRUE);
                case FALSE -> new Literal(Boolean.FALSE);
                case NULL -> new Literal(null);
                case LPAREN -> {
                    Node inner = or();
                    Token close = next();
                    if (close.kind != Kind.RPAREN) {
                        throw new SyntaxError(close.offset, close.kind == Kind.END ? "missing ')'"
                                : "expected ')' but found '" + close.text + "'");
                    }
                    yield inner;
                }
                case END -> throw new SyntaxError(t.offset, "expression ends too early: expected a value");
                default -> throw new SyntaxError(t.offset, "expected a value but found '" + t.text + "'");
            };
        }

        private static List<Token> lex(String s) {
            List<Token> out = new ArrayList<>();
            int i = 0;
            int n = s.length();
            while (i < n) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                    continue;
                }
                int start = i;
                if (c == '(' || c == ')') {
                    out.add(new Token(c == '(' ? Kind.LPAREN : Kind.RPAREN, String.valueOf(c), null, start));
                    i++;
                } else if (c == '&' || c == '|') {
                    if (i + 1 < n && s.charAt(i + 1) == c) {
                        out.add(new Token(Kind.OP, "" + c + c, null, start));
                        i += 2;
                    } else {
                        throw new SyntaxError(start, "'" + c + "' must be doubled: '" + c + c + "'");
                    }
                } else if (c == '=' || c == '!' || c == '<' || c == '>') {
                    if (i + 1 < n && s.charAt(i + 1) == '=') {
                        out.add(new Token(Kind.OP, c + "=", null, start));
                        i += 2;
                    } else if (c == '=') {
                        throw new SyntaxError(start, "'=' is not an operator: use '=='");
                    } else {
                        out.add(new Token(Kind.OP, String.valueOf(c), null, start));
                        i++;
                    }
                } else if (c == '\'' || c == '"') {
                    StringBuilder sb = new StringBuilder();
                    i++;
                    while (i < n && s.charAt(i) != c) {
                        if (s.charAt(i) == '\\' && i + 1 < n) {
                            i++;
                        }
                        sb.append(s.charAt(i++));
                    }
                    if (i >= n) {
                        throw new SyntaxError(start, "unterminated string");
                    }
                    i++;
                    out.add(new Token(Kind.STRING, s.substring(start, i), sb.toString(), start));
                } else if (Character.isDigit(c) || (c == '-' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))
                        || (c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) {
                    i++;
                    while (i < n && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                        i++;
                    }
                    String num = s.substring(start, i);
                    int unitStart = i;
                    while (i < n && Character.isLetter(s.charAt(i))) {
                        i++;
                    }
                    String unit = s.substring(unitStart, i);
                    double v;
                    try {
                        v = Double.parseDouble(num);
                    } catch (NumberFormatException e) {
                        throw new SyntaxError(start, "'" + num + "' is not a number");
                    }
                    Object value = switch (unit.toLowerCase(Locale.ROOT)) {
                        case "" -> v == Math.rint(v) && !num.contains(".") ? (Object) (long) v : (Object) v;
                        case "ms" -> v / 1000.0;
                        case "s" -> v;
                        case "m", "min" -> v * 60;
                        case "h" -> v * 3600;
                        default -> throw new SyntaxError(unitStart, "unknown unit '" + unit
                                + "' (durations use ms, s, m or h, e.g. 30s)");
                    };
                    out.add(new Token(Kind.NUMBER, s.substring(start, i), value, start));
                } else if (Character.isLetter(c) || c == '_') {
                    while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '.')) {
                        i++;
                    }
                    String word = s.substring(start, i);
                    switch (word) {
                        case "true" -> out.add(new Token(Kind.TRUE, word, null, start));
                        case "false" -> out.add(new Token(Kind.FALSE, word, null, start));
                        case "null" -> out.add(new Token(Kind.NULL, word, null, start));
                        case "and" -> out.add(new Token(Kind.OP, "&&", null, start));
                        case "or" -> out.add(new Token(Kind.OP, "||", null, start));
                        case "not" -> out.add(new Token(Kind.OP, "!", null, start));
                        default -> {
                            if (!word.startsWith("media.") || word.length() == "media.".length() || word.endsWith(".")
                                    || word.contains("..")) {
                                throw new SyntaxError(start, "unknown name '" + word
                                        + "': properties start with 'media.' (e.g. media.hasAudio, media.duration)");
                            }
                            out.add(new Token(Kind.PATH, word, null, start));
                        }
                    }
                } else {
                    throw new SyntaxError(start, "unexpected character '" + c + "'");
                }
            }
            out.add(new Token(Kind.END, "end of expression", null, n));
            return out;
        }
    }

    /** Parses a duration like {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}, {@code 1.5h} or ISO-8601 {@code PT30S}. */
    public static Duration parseDuration(String text) {
        String s = text.trim();
        if (s.startsWith("P") || s.startsWith("p")) {
            return Duration.parse(s.toUpperCase(Locale.ROOT));
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|min|h|d)")
                .matcher(s.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (e.g. 30s, 10m, 2h)");
        }
        double v = Double.parseDouble(m.group(1));
        double ms = switch (m.group(2)) {
            case "ms" -> v;
            case "s" -> v * 1000;
            case "m", "min" -> v * 60_000;
            case "h" -> v * 3_600_000;
            default -> v * 86_400_000;
        };
        return Duration.ofMillis(Math.round(ms));
    }
}
