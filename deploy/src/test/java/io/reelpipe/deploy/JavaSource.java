package io.reelpipe.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough Java reading to list the configuration properties a {@code @ConfigurationProperties} type binds:
 * record components and instance fields, nested records/classes of the same file followed, maps and collections
 * taken as "anything below this name". No compiler, no classpath: the deploy module depends on no other module.
 */
final class JavaSource {

    /** Properties found: canonical leaf names ({@code reelpipe.s3.access-key}) and map/collection roots. */
    record Properties(Set<String> leaves, Set<String> wildcardRoots) {
        Properties() {
            this(new LinkedHashSet<>(), new LinkedHashSet<>());
        }

        void addAll(Properties other) {
            leaves.addAll(other.leaves);
            wildcardRoots.addAll(other.wildcardRoots);
        }

        boolean isEmpty() {
            return leaves.isEmpty() && wildcardRoots.isEmpty();
        }
    }

    private static final Pattern ANNOTATION = Pattern.compile(
            "@(?:org\\.springframework\\.boot\\.context\\.properties\\.)?ConfigurationProperties\\s*\\(([^)]*)\\)");
    private static final Pattern PREFIX_VALUE = Pattern.compile("(?:(?:prefix|value)\\s*=\\s*)?\"([^\"]+)\"");
    private static final Pattern TYPE_DECL = Pattern.compile("\\b(record|class)\\s+([A-Z]\\w*)");
    private static final Set<String> MAP_TYPES = Set.of("Map", "HashMap", "LinkedHashMap", "TreeMap", "SortedMap",
            "Properties");
    private static final Set<String> COLLECTION_TYPES = Set.of("List", "Set", "Collection", "ArrayList",
            "LinkedHashSet", "HashSet", "SortedSet");
    private static final Set<String> MODIFIERS = Set.of("private", "protected", "public", "final", "transient",
            "volatile");

    private final String text;

    private JavaSource(String text) {
        this.text = text;
    }

    /** The properties bound by every {@code @ConfigurationProperties} type of one source file. */
    static Properties configurationProperties(String source) {
        JavaSource js = new JavaSource(stripComments(source));
        Properties out = new Properties();
        Matcher m = ANNOTATION.matcher(js.text);
        while (m.find()) {
            Matcher p = PREFIX_VALUE.matcher(m.group(1));
            if (!p.find()) {
                continue;
            }
            String prefix = p.group(1);
            Matcher decl = TYPE_DECL.matcher(js.text);
            if (!decl.find(m.end())) {
                continue; // on a @Bean method: its type lives elsewhere, nothing to read here
            }
            js.collect(decl.group(1), decl.group(2), decl.end(), prefix, out, 0);
        }
        return out;
    }

    private void collect(String kind, String typeName, int afterName, String prefix, Properties out, int depth) {
        if (depth > 8) {
            return;
        }
        List<String[]> members = kind.equals("record") ? recordComponents(afterName) : instanceFields(afterName);
        for (String[] member : members) {
            String type = member[0];
            String name = prefix + "." + kebab(member[1]);
            String simple = simpleName(type);
            if (MAP_TYPES.contains(simple) || COLLECTION_TYPES.contains(simple) || type.endsWith("[]")) {
                out.wildcardRoots().add(name);
                continue;
            }
            Matcher nested = Pattern.compile("\\b(record|class)\\s+" + Pattern.quote(simple) + "\\b").matcher(text);
            if (nested.find() && !simple.equals(typeName)) {
                collect(nested.group(1), simple, nested.end(), name, out, depth + 1);
            } else {
                out.leaves().add(name);
            }
        }
    }

    /** {@code [type, name]} of each component in the record header that starts after {@code from}. */
    private List<String[]> recordComponents(int from) {
        int open = text.indexOf('(', from);
        int close = matching(open, '(', ')');
        List<String[]> out = new ArrayList<>();
        for (String part : splitTopLevel(text.substring(open + 1, close), ',')) {
            String[] typed = typeAndName(stripAnnotations(part));
            if (typed != null) {
                out.add(typed);
            }
        }
        return out;
    }

    /** {@code [type, name]} of each non-static field declared directly in the class body after {@code from}. */
    private List<String[]> instanceFields(int from) {
        int open = text.indexOf('{', from);
        int close = matching(open, '{', '}');
        List<String[]> out = new ArrayList<>();
        StringBuilder stmt = new StringBuilder();
        for (int i = open + 1; i < close; i++) {
            char c = text.charAt(i);
            if (c == '{') {
                i = matching(i, '{', '}'); // a method, initializer or nested type: not a field
                stmt.setLength(0);
            } else if (c == ';') {
                String s = stripAnnotations(stmt.toString());
                stmt.setLength(0);
                int eq = s.indexOf('=');
                String decl = (eq >= 0 ? s.substring(0, eq) : s).trim();
                if (decl.contains("(") || decl.matches("(?s).*\\bstatic\\b.*") || decl.isEmpty()) {
                    continue;
                }
                String[] typed = typeAndName(decl);
                if (typed != null) {
                    out.add(typed);
                }
            } else {
                stmt.append(c);
            }
        }
        return out;
    }

    private static String[] typeAndName(String decl) {
        String d = decl.trim();
        Matcher name = Pattern.compile("([A-Za-z_$][\\w$]*)\\s*$").matcher(d);
        if (!name.find()) {
            return null;
        }
        String type = d.substring(0, name.start()).trim();
        for (String mod : MODIFIERS) {
            type = type.replaceAll("\\b" + mod + "\\b", "").trim();
        }
        return type.isEmpty() ? null : new String[] {type, name.group(1)};
    }

    private static String simpleName(String type) {
        String t = type;
        int generic = t.indexOf('<');
        if (generic >= 0) {
            t = t.substring(0, generic);
        }
        t = t.trim();
        int dot = t.lastIndexOf('.');
        return dot >= 0 ? t.substring(dot + 1) : t;
    }

    private static String stripAnnotations(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '@') {
                int j = i + 1;
                while (j < s.length() && (Character.isJavaIdentifierPart(s.charAt(j)) || s.charAt(j) == '.')) {
                    j++;
                }
                while (j < s.length() && Character.isWhitespace(s.charAt(j))) {
                    j++;
                }
                if (j < s.length() && s.charAt(j) == '(') {
                    int depth = 0;
                    for (; j < s.length(); j++) {
                        if (s.charAt(j) == '(') {
                            depth++;
                        } else if (s.charAt(j) == ')' && --depth == 0) {
                            j++;
                            break;
                        }
                    }
                }
                i = j - 1;
                out.append(' ');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static List<String> splitTopLevel(String s, char sep) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '<' || c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == '>' || c == ')' || c == ']' || c == '}') {
                depth--;
            }
            if (c == sep && depth == 0) {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.toString().isBlank()) {
            parts.add(cur.toString());
        }
        return parts;
    }

    private int matching(int open, char o, char c) {
        if (open < 0) {
            throw new IllegalStateException("no '" + o + "' where a type body was expected");
        }
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            if (text.charAt(i) == o) {
                depth++;
            } else if (text.charAt(i) == c && --depth == 0) {
                return i;
            }
        }
        throw new IllegalStateException("unbalanced '" + o + "'");
    }

    /** Comments removed; string, char and text-block literals blanked (their quotes kept) except annotation values. */
    static String stripComments(String src) {
        StringBuilder out = new StringBuilder(src.length());
        int n = src.length();
        for (int i = 0; i < n; i++) {
            char c = src.charAt(i);
            if (c == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
                while (i < n && src.charAt(i) != '\n') {
                    i++;
                }
                out.append('\n');
            } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
                int end = src.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 1;
                out.append(' ');
            } else if (c == '"' && src.startsWith("\"\"\"", i)) {
                int end = src.indexOf("\"\"\"", i + 3);
                i = end < 0 ? n : end + 2;
                out.append("\"\"");
            } else if (c == '"' || c == '\'') {
                // keep string contents: annotation values ("reelpipe.s3") and return values ("transcode") are read
                int j = i + 1;
                while (j < n && src.charAt(j) != c) {
                    if (src.charAt(j) == '\\') {
                        j++;
                    }
                    j++;
                }
                String lit = src.substring(i, Math.min(j + 1, n));
                out.append(lit.replace('{', ' ').replace('}', ' ').replace(';', ' ').replace('(', ' ')
                        .replace(')', ' '));
                i = j;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** {@code bootstrapServers} → {@code bootstrap-servers} (Spring's canonical form). */
    static String kebab(String camel) {
        StringBuilder out = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                if (!out.isEmpty()) {
                    out.append('-');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    /** String constants {@code static final String|int NAME = value;} of a source file, by name. */
    static Map<String, String> constants(String source) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("static\\s+final\\s+(?:String|int|long)\\s+(\\w+)\\s*=\\s*\"?([^\";]*)\"?\\s*;")
                .matcher(stripComments(source));
        while (m.find()) {
            out.put(m.group(1), m.group(2).trim());
        }
        return out;
    }
}
