package io.reelpipe.devstack.natives;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Finds the shared libraries that the natives Reelpipe ships (inside its jars: JavaCPP's FFmpeg, DJL's engines, the
 * dev stack's Redis and PostgreSQL binaries) link but that nobody provides: neither the natives themselves, nor a
 * minimal Debian base ({@code bin/os-packages/base-sonames.txt}), nor a package the project installs
 * ({@code bin/os-packages/runtime.txt}). A machine with only a JDK then fails with an UnsatisfiedLinkError or
 * "error while loading shared libraries", which a well-stocked build machine never shows.
 * <p>
 * How a library is found decides what counts as provided:
 * <ul>
 *   <li>libraries loaded into the JVM (JavaCPP and DJL extract every native of a jar and load them by path in
 *   dependency order): any native of the same application;</li>
 *   <li>programs (no {@code DT_SONAME}, e.g. the bundled {@code ffmpeg}, {@code redis-server}, {@code postgres}): the
 *   dynamic loader's rules, i.e. each file's own RUNPATH ({@code $ORIGIN} relative to it) plus the process's
 *   {@code LD_LIBRARY_PATH}, which for programs inside jars is the program's own folder
 *   ({@code Ffmpeg.processBuilder} sets it) and for programs inside archives (PostgreSQL's .txz) is nothing.</li>
 *   <li>programs inside jars are checked when Reelpipe runs them ({@link #PROGRAMS_RUN_FROM_JARS}); the others
 *   (the tesseract CLI beside libtesseract) are never started;</li>
 *   <li>inside an archive (PostgreSQL's .txz) only the programs of its {@code bin/} folder run; its other files
 *   count as far as those load them (PL/Perl, PL/Python and pg_regress link libraries only their optional use
 *   needs).</li>
 * </ul>
 */
public final class NativeLibraryCheck {

    /** One native file found in an archive. */
    public record Native(String origin, String dir, String name, ElfLinks links, boolean inJar) {

        /** Whether this is a program (run as a process) rather than a library. */
        public boolean program() {
            return links.soname().isEmpty() && !name.contains(".so");
        }

        /** The same native seen inside {@code outer} (a jar that carries the archive this was found in). */
        Native under(String outer) {
            return new Native(outer + "!" + origin, dir, name, links, inJar);
        }

        Set<String> names() {
            Set<String> n = new HashSet<>();
            n.add(name);
            links.soname().ifPresent(n::add);
            return n;
        }
    }

    /** A library that {@code neededBy} links and nobody provides. */
    public record Missing(String library, String neededBy) {
        @Override
        public String toString() {
            return library + " (needed by " + neededBy + ")";
        }
    }

    /**
     * Folders of natives that are never loaded on a Linux x86-64 CPU node: other systems' builds that still say
     * "System V" in their header (Solaris, FreeBSD, Android), and DJL's CUDA flavours ({@code cu128/}), which load
     * only beside the CUDA natives of the GPU image (keyword-worker's cuda profile).
     */
    private static final java.util.regex.Pattern OTHER_PLATFORM = java.util.regex.Pattern.compile(
            "(?i)(^|/)(freebsd|sunos|solaris|dragonfly|android|darwin|macos|osx|windows|win32|win64|cu\\d+)[^/]*/");

    /** The programs inside jars that Reelpipe runs as processes: the bundled ffmpeg ({@code Ffmpeg.processBuilder}). */
    public static final Set<String> PROGRAMS_RUN_FROM_JARS = Set.of("ffmpeg");

    private final Set<String> provided;
    private final Set<String> programsRunFromJars;

    /** @param provided sonames present on the target machine (the base set plus what the project installs) */
    public NativeLibraryCheck(Set<String> provided) {
        this(provided, PROGRAMS_RUN_FROM_JARS);
    }

    /**
     * @param programsRunFromJars the programs inside jars that are run as processes; other programs shipped in jars
     *                            (the tesseract CLI beside libtesseract, say) are never started and not checked
     */
    public NativeLibraryCheck(Set<String> provided, Set<String> programsRunFromJars) {
        this.provided = Set.copyOf(provided);
        this.programsRunFromJars = Set.copyOf(programsRunFromJars);
    }

    /**
     * The sonames a project's lists promise: {@code base-sonames.txt} (one per line) and the library entries (names
     * containing {@code .so}) of {@code runtime.txt} ({@code package provides… # why}), minus {@code withoutPackages}.
     */
    public static Set<String> promised(Path osPackages, Set<String> withoutPackages) {
        Set<String> out = new TreeSet<>();
        try {
            for (String line : Files.readAllLines(osPackages.resolve("base-sonames.txt"))) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    out.add(l);
                }
            }
            for (String line : Files.readAllLines(osPackages.resolve("runtime.txt"))) {
                String l = line.replaceFirst("#.*", "").strip();
                if (l.isEmpty()) {
                    continue;
                }
                String[] f = l.split("\\s+");
                if (withoutPackages.contains(f[0])) {
                    continue;
                }
                for (int i = 1; i < f.length; i++) {
                    if (f[i].contains(".so")) {
                        out.add(f[i]);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Every ELF file inside {@code archive} (a jar, nested jars and .txz archives included). */
    public static List<Native> scan(Path archive) {
        try (InputStream in = Files.newInputStream(archive)) {
            return scan(archive.getFileName().toString(), in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + archive, e);
        }
    }

    /** Every ELF file inside the zip/jar read from {@code in}, named after {@code origin}. */
    public static List<Native> scan(String origin, InputStream in) {
        return scan(origin, in, new HashMap<>());
    }

    /**
     * Every ELF file inside each archive (name → path), in the same order. A nested jar that several archives carry
     * (the same file name and size, e.g. JavaCPP's FFmpeg inside every media worker) is parsed once.
     */
    public static Map<String, List<Native>> scanAll(Map<String, Path> archives) {
        Map<String, List<Native>> nested = new HashMap<>();
        Map<String, List<Native>> out = new LinkedHashMap<>();
        archives.forEach((name, archive) -> {
            try (InputStream in = Files.newInputStream(archive)) {
                out.put(name, scan(archive.getFileName().toString(), in, nested));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + archive, e);
            }
        });
        return out;
    }

    private static List<Native> scan(String origin, InputStream in, Map<String, List<Native>> nested) {
        List<Native> out = new ArrayList<>();
        try {
            scanZip(origin, in, out, nested);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + origin, e);
        }
        return out;
    }

    /** What {@code natives} (one application, or one dev-stack server) link that nobody provides. */
    public List<Missing> check(Collection<Native> natives) {
        Set<String> anywhere = new HashSet<>();
        Map<String, Map<String, Native>> byDir = new HashMap<>();
        for (Native n : natives) {
            anywhere.addAll(n.names());
            Map<String, Native> dir = byDir.computeIfAbsent(n.origin() + "!" + n.dir(), k -> new HashMap<>());
            n.names().forEach(name -> dir.put(name, n));
        }
        Set<Missing> missing = new LinkedHashSet<>();
        for (Native n : natives) {
            if (!n.inJar() && !(n.program() && (n.dir().equals("bin") || n.dir().endsWith("/bin")))) {
                continue; // inside an archive only its bin/ programs run; its other files count as far as they load
            }
            if (n.inJar() && n.program() && !programsRunFromJars.contains(n.name())) {
                continue; // shipped beside its libraries but never started
            }
            if (!n.program()) {
                for (String lib : n.links().needed()) {
                    if (!provided.contains(lib) && !anywhere.contains(lib)) {
                        missing.add(new Missing(lib, n.origin() + "!" + n.dir() + "/" + n.name()));
                    }
                }
            } else {
                missing.addAll(checkProgram(n, byDir));
            }
        }
        return List.copyOf(missing);
    }

    private List<Missing> checkProgram(Native program, Map<String, Map<String, Native>> byDir) {
        List<String> ldLibraryPath = program.inJar() ? List.of(program.dir()) : List.of();
        List<Missing> missing = new ArrayList<>();
        Deque<Native> todo = new ArrayDeque<>(List.of(program));
        Set<Native> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            Native n = todo.pop();
            if (!seen.add(n)) {
                continue;
            }
            List<String> dirs = new ArrayList<>();
            n.links().runpath().forEach(p -> dirs.add(normalise(p.replace("$ORIGIN", n.dir()).replace("${ORIGIN}", n.dir()))));
            dirs.addAll(ldLibraryPath);
            for (String lib : n.links().needed()) {
                Optional<Native> found = dirs.stream()
                        .map(d -> byDir.getOrDefault(program.origin() + "!" + d, Map.of()).get(lib))
                        .filter(java.util.Objects::nonNull).findFirst();
                if (found.isPresent()) {
                    todo.push(found.get());
                } else if (!provided.contains(lib)) {
                    missing.add(new Missing(lib, program.origin() + "!" + n.dir() + "/" + n.name()
                            + (n == program ? "" : " (loaded by " + program.name() + ")")));
                }
            }
        }
        return missing;
    }

    private static String normalise(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String p : path.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(p);
            }
        }
        return String.join("/", parts);
    }

    /** {@code nested}: natives of the nested jars read so far, by file name and size, relative to that jar. */
    private static void scanZip(String origin, InputStream raw, List<Native> out, Map<String, List<Native>> nested)
            throws IOException {
        ZipInputStream zip = new ZipInputStream(raw);
        for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
            String name = e.getName();
            if (e.isDirectory() || name.endsWith(".class")) {
                continue;
            }
            if (name.endsWith(".jar")) {
                String jar = name.substring(name.lastIndexOf('/') + 1);
                String key = e.getSize() < 0 ? null : jar + ":" + e.getSize();
                List<Native> inside = key == null ? null : nested.get(key);
                if (inside == null) {
                    inside = new ArrayList<>();
                    scanZip(jar, zip, inside, nested);
                    if (key != null) {
                        nested.put(key, inside);
                    }
                }
                inside.forEach(n -> out.add(n.under(origin)));
            } else if (name.endsWith(".txz")) {
                scanTar(origin + "!" + name, new XZCompressorInputStream(new BufferedInputStream(zip)), out);
            } else {
                maybeElf(origin, name, zip, true, out);
            }
        }
    }

    private static void scanTar(String origin, InputStream raw, List<Native> out) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(raw);
        for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
            if (e.isSymbolicLink()) {
                // lib/libfoo.so.1 -> libfoo.so.1.2: the link's name is what the loader looks for
                String target = e.getLinkName();
                String name = e.getName();
                String dir = name.contains("/") ? name.substring(0, name.lastIndexOf('/')) : "";
                out.add(new Native(origin, dir, name.substring(name.lastIndexOf('/') + 1),
                        new ElfLinks(Optional.of(target.substring(target.lastIndexOf('/') + 1)), List.of(), List.of()),
                        false));
            } else if (e.isFile()) {
                maybeElf(origin, e.getName(), tar, false, out);
            }
        }
    }

    private static void maybeElf(String origin, String path, InputStream in, boolean inJar, List<Native> out)
            throws IOException {
        BufferedInputStream b = new BufferedInputStream(in, 8192);
        b.mark(4);
        byte[] head = b.readNBytes(4);
        if (!ElfLinks.isElf(head)) {
            return;
        }
        b.reset();
        // spilled to a temp file: the dynamic section of a 450 MB libtorch sits far from its string table
        Path tmp = Files.createTempFile("reelpipe-elf", ".so");
        try {
            Files.copy(b, tmp, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.READ)) {
                if (!ElfLinks.isLinuxX86_64(ch) || OTHER_PLATFORM.matcher(path).find()) {
                    return;
                }
                Optional<ElfLinks> links = ElfLinks.read(ch);
                if (links.isPresent()) {
                    String dir = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
                    out.add(new Native(origin, dir, path.substring(path.lastIndexOf('/') + 1), links.get(), inJar));
                }
            } catch (IOException notOurKind) {
                // a 32-bit or other-architecture file shipped for another platform: never loaded here
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
