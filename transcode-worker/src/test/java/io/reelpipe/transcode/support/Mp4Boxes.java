package io.reelpipe.transcode.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Top-level ISO BMFF box types in file order (to check faststart: moov before mdat). */
public final class Mp4Boxes {
    private Mp4Boxes() {
    }

    public static List<String> topLevel(Path file) {
        List<String> out = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file)) {
            long pos = 0;
            long size = ch.size();
            ByteBuffer hdr = ByteBuffer.allocate(16);
            while (pos + 8 <= size) {
                hdr.clear();
                ch.read(hdr, pos);
                hdr.flip();
                long len = Integer.toUnsignedLong(hdr.getInt());
                byte[] type = new byte[4];
                hdr.get(type);
                if (len == 1) {
                    len = hdr.getLong();
                } else if (len == 0) {
                    len = size - pos;
                }
                out.add(new String(type, StandardCharsets.ISO_8859_1));
                if (len < 8) {
                    break;
                }
                pos += len;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
