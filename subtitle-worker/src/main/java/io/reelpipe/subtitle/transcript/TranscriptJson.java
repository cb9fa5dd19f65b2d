package io.reelpipe.subtitle.transcript;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.json.JsonMapper;

/** Reads and writes {@code transcript.json} (compact UTF-8 JSON, fields in the documented order). */
public final class TranscriptJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TranscriptJson() {
    }

    public static Path write(Transcript transcript, Path file) {
        try {
            Files.write(file, JSON.writeValueAsBytes(transcript));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Transcript read(Path file) {
        return JSON.readValue(file.toFile(), Transcript.class);
    }
}
