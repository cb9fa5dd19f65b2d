package io.reelpipe.keyword.embedding;

/**
 * What runs the embeddings, for logs and {@code keywords.json}.
 *
 * @param engine    DJL engine name ({@code OnnxRuntime}, {@code PyTorch}) or a test double's name
 * @param model     model name or path
 * @param device    DJL device ({@code cpu()}, {@code gpu(0)})
 * @param dimension embedding size
 */
public record EmbedderInfo(String engine, String model, String device, int dimension) {
}
