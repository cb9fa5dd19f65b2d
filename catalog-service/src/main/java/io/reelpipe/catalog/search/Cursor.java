package io.reelpipe.catalog.search;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The opaque {@code cursor}: the next page's offset, bound to the search it came from. */
final class Cursor {

    private Cursor() {
    }

    static String encode(int offset, String signature) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("c1:" + offset + ":" + signature).getBytes(StandardCharsets.UTF_8));
    }

    static int decode(String cursor, String signature) {
        String s;
        try {
            s = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadSearchRequest("cursor", "cursor is not one this service issued");
        }
        String[] parts = s.split(":");
        if (parts.length != 3 || !parts[0].equals("c1")) {
            throw new BadSearchRequest("cursor", "cursor is not one this service issued");
        }
        if (!parts[2].equals(signature)) {
            throw new BadSearchRequest("cursor", "cursor belongs to another search: send the same q, mode, filters, "
                    + "sort and size as the page it came from");
        }
        try {
            int offset = Integer.parseInt(parts[1]);
            if (offset < 0) {
                throw new NumberFormatException();
            }
            return offset;
        } catch (NumberFormatException e) {
            throw new BadSearchRequest("cursor", "cursor is not one this service issued");
        }
    }
}
