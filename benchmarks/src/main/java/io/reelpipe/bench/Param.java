package io.reelpipe.bench;

/** A benchmark parameter: {@code --name=value} on the command line, {@code defaultValue} otherwise. */
public record Param(String name, String defaultValue, String description) {

    public static Param of(String name, Object defaultValue, String description) {
        return new Param(name, String.valueOf(defaultValue), description);
    }
}
