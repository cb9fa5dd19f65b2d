package io.reelpipe.gateway.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code Range: bytes=…} request (RFC 9110 §14). Multi-range requests and malformed headers are ignored (the
 * whole object is served, which the RFC allows); a range that starts past the end is {@link #UNSATISFIABLE} (416).
 *
 * @param start first byte, inclusive
 * @param end   last byte, inclusive
 */
public record ByteRange(long start, long end) {

    /** Serve the whole object. */
    public static final ByteRange NONE = new ByteRange(-1, -1);
    /** 416. */
    public static final ByteRange UNSATISFIABLE = new ByteRange(-2, -2);

    private static final Pattern SINGLE = Pattern.compile("bytes=\\s*(\\d{0,30})\\s*-\\s*(\\d{0,30})\\s*");

    public long length() {
        return end - start + 1;
    }

    public static ByteRange parse(String header, long size) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        String h = header.strip();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6) || h.indexOf(',') >= 0) {
            return NONE;
        }
        Matcher m = SINGLE.matcher("bytes=" + h.substring(6));
        if (!m.matches()) {
            return NONE;
        }
        String first = m.group(1);
        String last = m.group(2);
        try {
            if (first.isEmpty()) {
                if (last.isEmpty()) {
                    return NONE;
                }
                long suffix = Long.parseLong(last);
                if (suffix == 0 || size == 0) {
                    return UNSATISFIABLE;
                }
                return new ByteRange(Math.max(0, size - suffix), size - 1);
            }
            long start = Long.parseLong(first);
            if (!last.isEmpty() && Long.parseLong(last) < start) {
                return NONE; // invalid: ignored
            }
            if (start >= size) {
                return UNSATISFIABLE;
            }
            long end = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
            return new ByteRange(start, end);
        } catch (NumberFormatException e) {
            return UNSATISFIABLE; // more than Long.MAX_VALUE: certainly past the end
        }
    }
}
