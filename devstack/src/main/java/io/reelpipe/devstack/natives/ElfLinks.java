package io.reelpipe.devstack.natives;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the dynamic loader needs to know about one ELF file: its own name ({@code DT_SONAME}), the libraries it links
 * ({@code DT_NEEDED}) and where it looks for them ({@code DT_RUNPATH}/{@code DT_RPATH}). Only 64-bit little-endian
 * ELF (x86-64, the one platform the bundled natives ship for) is read; the rest of the file is never touched.
 *
 * @param soname  the library's own name, empty for a program
 * @param needed  the libraries it links, in order
 * @param runpath its search path entries ({@code $ORIGIN} unexpanded)
 */
public record ElfLinks(Optional<String> soname, List<String> needed, List<String> runpath) {

    private static final int PT_LOAD = 1;
    private static final int PT_DYNAMIC = 2;
    private static final long DT_NULL = 0;
    private static final long DT_NEEDED = 1;
    private static final long DT_STRTAB = 5;
    private static final long DT_SONAME = 14;
    private static final long DT_RPATH = 15;
    private static final long DT_RUNPATH = 29;

    /** Whether these are the first bytes of an ELF file. */
    public static boolean isElf(byte[] head) {
        return head.length >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
    }

    /**
     * Whether the file is for this platform: 64-bit little-endian x86-64 with the System V or GNU/Linux ABI
     * (natives jars carry FreeBSD, Android, aarch64 … builds beside it, which are never loaded here).
     */
    public static boolean isLinuxX86_64(FileChannel file) throws IOException {
        ByteBuffer h = read(file, 0, 20);
        int osAbi = h.get(7);
        return h.get(4) == 2 && h.get(5) == 1 && (osAbi == 0 || osAbi == 3) && h.getShort(18) == 62;
    }

    /**
     * Reads the dynamic section of {@code file}; empty for a statically linked file (no {@code PT_DYNAMIC}).
     *
     * @throws IOException when the file is not a 64-bit little-endian ELF or is cut short
     */
    public static Optional<ElfLinks> read(FileChannel file) throws IOException {
        ByteBuffer header = read(file, 0, 64);
        if (!isElf(header.array()) || header.get(4) != 2 || header.get(5) != 1) {
            throw new IOException("not a 64-bit little-endian ELF file");
        }
        long phoff = header.getLong(0x20);
        int phentsize = Short.toUnsignedInt(header.getShort(0x36));
        int phnum = Short.toUnsignedInt(header.getShort(0x38));
        ByteBuffer ph = read(file, phoff, phentsize * phnum);
        List<long[]> loads = new ArrayList<>(); // vaddr, offset, filesz
        long dynOffset = -1;
        long dynSize = 0;
        for (int i = 0; i < phnum; i++) {
            int at = i * phentsize;
            int type = ph.getInt(at);
            if (type == PT_LOAD) {
                loads.add(new long[] {ph.getLong(at + 0x10), ph.getLong(at + 0x08), ph.getLong(at + 0x20)});
            } else if (type == PT_DYNAMIC) {
                dynOffset = ph.getLong(at + 0x08);
                dynSize = ph.getLong(at + 0x20);
            }
        }
        if (dynOffset < 0) {
            return Optional.empty();
        }
        ByteBuffer dyn = read(file, dynOffset, Math.toIntExact(dynSize));
        long strtab = -1;
        List<Long> needed = new ArrayList<>();
        long soname = -1;
        long runpath = -1;
        for (int at = 0; at + 16 <= dyn.limit(); at += 16) {
            long tag = dyn.getLong(at);
            long val = dyn.getLong(at + 8);
            if (tag == DT_NULL) {
                break;
            } else if (tag == DT_STRTAB) {
                strtab = val;
            } else if (tag == DT_NEEDED) {
                needed.add(val);
            } else if (tag == DT_SONAME) {
                soname = val;
            } else if (tag == DT_RUNPATH || (tag == DT_RPATH && runpath < 0)) {
                runpath = val;
            }
        }
        if (strtab < 0) {
            throw new IOException("dynamic section without a string table");
        }
        long strOffset = fileOffset(loads, strtab);
        List<String> names = new ArrayList<>();
        for (long n : needed) {
            names.add(string(file, strOffset + n));
        }
        Optional<String> own = soname < 0 ? Optional.empty() : Optional.of(string(file, strOffset + soname));
        List<String> path = runpath < 0 ? List.of()
                : List.of(string(file, strOffset + runpath).split(":")).stream().filter(s -> !s.isEmpty()).toList();
        return Optional.of(new ElfLinks(own, List.copyOf(names), path));
    }

    private static long fileOffset(List<long[]> loads, long vaddr) throws IOException {
        for (long[] l : loads) {
            if (vaddr >= l[0] && vaddr < l[0] + l[2]) {
                return vaddr - l[0] + l[1];
            }
        }
        throw new IOException("address 0x" + Long.toHexString(vaddr) + " is in no loaded segment");
    }

    private static String string(FileChannel file, long offset) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (long at = offset; ; at += 256) {
            ByteBuffer b = ByteBuffer.allocate(256);
            int n = file.read(b, at);
            if (n <= 0) {
                throw new IOException("string at " + offset + " runs past the end of the file");
            }
            for (int i = 0; i < n; i++) {
                if (b.get(i) == 0) {
                    return sb.append(new String(b.array(), 0, i, StandardCharsets.UTF_8)).toString();
                }
            }
            sb.append(new String(b.array(), 0, n, StandardCharsets.UTF_8));
        }
    }

    private static ByteBuffer read(FileChannel file, long offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (file.read(b, offset + b.position()) < 0) {
                throw new IOException("file ends before byte " + (offset + length));
            }
        }
        return b.flip();
    }
}
