package io.reelpipe.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelpipe.devstack.natives.NativeLibraryCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every application's runnable jar (what `./reelpipe dev` runs and what the container images hold) needs no shared
 * library beyond a minimal Debian base and bin/os-packages/runtime.txt, the list that bin/provision installs on a bare
 * machine and the image's Dockerfile installs. A green build on a well-stocked machine (ffmpeg from apt pulls
 * libpulse, libasound, libxcb in as a side effect) can no longer hide a missing install step.
 */
class NativeLibrariesTest {

    static final SourceTree TREE = SourceTree.load();
    static final Path OS_PACKAGES = TREE.root.resolve("bin/os-packages");
    static final Map<String, List<NativeLibraryCheck.Native>> NATIVES = new LinkedHashMap<>();

    @BeforeAll
    static void scanEveryApplicationJar() {
        Map<String, Path> jars = new LinkedHashMap<>();
        for (SourceTree.Module m : TREE.modules.values()) {
            if (!"false".equals(m.properties().get("jib.skip"))) {
                continue; // libraries and harnesses ship no image
            }
            Path jar = m.dir().resolve("target/" + m.artifactId() + "-" + TREE.version + "-exec.jar");
            assertTrue(Files.isRegularFile(jar), jar + " is missing: build the whole reactor (./mvnw -B verify) so "
                    + "deploy's tests see every application (deploy/pom.xml orders the build after them)");
            jars.put(m.name(), jar);
        }
        NATIVES.putAll(NativeLibraryCheck.scanAll(jars));
    }

    @Test
    void everyLibraryTheApplicationsLinkIsInTheBaseOrInstalledByTheProject() {
        NativeLibraryCheck check = new NativeLibraryCheck(NativeLibraryCheck.promised(OS_PACKAGES, Set.of()));
        List<String> problems = new ArrayList<>();
        NATIVES.forEach((app, natives) -> check.check(natives).forEach(m -> problems.add(app + ": " + m)));
        assertEquals(List.of(), problems, "add the Debian package that provides each library to "
                + "bin/os-packages/runtime.txt (and say why), or stop shipping the native that needs it");
    }

    @Test
    void theCheckSeesTheGapABareMachineHad() {
        // without the libraries apt-get install ffmpeg used to pull in, the media workers died at start with
        // "no jniavdevice … libpulse.so.0: cannot open shared object file"
        NativeLibraryCheck bare = new NativeLibraryCheck(NativeLibraryCheck.promised(OS_PACKAGES,
                Set.of("libpulse0", "libasound2", "libxcb1", "libxcb-shm0")));
        List<NativeLibraryCheck.Missing> missing = bare.check(NATIVES.get("transcode-worker"));
        for (String lib : List.of("libpulse.so.0", "libasound.so.2", "libxcb.so.1", "libxcb-shm.so.0")) {
            assertTrue(missing.stream().anyMatch(m -> m.library().equals(lib)
                    && m.neededBy().contains("libavdevice")), () -> lib + " not reported: " + missing);
            assertTrue(missing.stream().anyMatch(m -> m.library().equals(lib)
                    && m.neededBy().endsWith("(loaded by ffmpeg)")), () -> lib + " not reported for the ffmpeg program");
        }
    }

    @Test
    void theImagesStartFromWhatTheCheckAssumes() throws Exception {
        // the check's premise - minimal Debian 12 + runtime.txt - is exactly what the runtime base image is
        String dockerfile = Files.readString(TREE.root.resolve("deploy/images/runtime-base/Dockerfile"));
        List<String> froms = dockerfile.lines().filter(l -> l.startsWith("FROM ")).toList();
        assertEquals("FROM debian:bookworm-slim", froms.get(froms.size() - 1), "the final stage is Debian 12 slim");
        assertTrue(dockerfile.contains("/opt/reelpipe/bin/provision runtime"), "it installs runtime.txt by bin/provision");
        assertTrue(dockerfile.contains("COPY bin/os-packages/ "), "it copies the package lists");
        assertTrue(Files.readString(OS_PACKAGES.resolve("base-sonames.txt")).contains("bookworm"));
        String rootPom = Files.readString(TREE.root.resolve("pom.xml"));
        assertTrue(rootPom.contains("<reelpipe.image.base>reelpipe/runtime-base:25</reelpipe.image.base>"),
                "Jib builds every application image on the runtime base");
    }

    @Test
    void deployBuildsAfterEveryApplication() throws Exception {
        String pom = Files.readString(TREE.root.resolve("deploy/pom.xml"));
        for (String app : NATIVES.keySet()) {
            assertTrue(pom.contains("<artifactId>" + TREE.modules.get(app).artifactId() + "</artifactId>"),
                    () -> "deploy/pom.xml must depend on " + app + " (test scope, no transitives) so its jar is "
                            + "built before the native-library check reads it");
        }
    }

    @Test
    void theBundledFfmpegProgramIsChecked() {
        assertFalse(NATIVES.get("transcode-worker").stream()
                .filter(n -> n.program() && n.name().equals("ffmpeg")).toList().isEmpty());
    }
}
