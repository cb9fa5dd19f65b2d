package io.reelpipe.keyword.embedding;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

/**
 * Batch of texts → BERT-style inputs ({@code input_ids}, {@code attention_mask}, optionally {@code token_type_ids}),
 * padded to the longest text; output → mean pooling over real tokens + L2 norm. A model whose output is already 2-D
 * (a TorchScript sentence-transformers export with pooling inside) is only normalised.
 */
final class EmbeddingTranslator implements NoBatchifyTranslator<String[], float[][]> {

    private final HuggingFaceTokenizer tokenizer;
    private final boolean tokenTypeIds;

    EmbeddingTranslator(HuggingFaceTokenizer tokenizer, boolean tokenTypeIds) {
        this.tokenizer = tokenizer;
        this.tokenTypeIds = tokenTypeIds;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, String[] input) {
        Encoding[] enc = tokenizer.batchEncode(input);
        int b = enc.length;
        int t = 1;
        for (Encoding e : enc) {
            t = Math.max(t, e.getIds().length);
        }
        long[] ids = new long[b * t];
        long[] mask = new long[b * t];
        long[] types = new long[b * t];
        for (int i = 0; i < b; i++) {
            long[] id = enc[i].getIds();
            long[] m = enc[i].getAttentionMask();
            long[] ty = enc[i].getTypeIds();
            System.arraycopy(id, 0, ids, i * t, id.length);
            System.arraycopy(m, 0, mask, i * t, m.length);
            System.arraycopy(ty, 0, types, i * t, ty.length);
        }
        ctx.setAttachment("mask", mask);
        NDManager nd = ctx.getNDManager();
        Shape shape = new Shape(b, t);
        NDArray idsA = nd.create(ids, shape);
        idsA.setName("input_ids");
        NDArray maskA = nd.create(mask, shape);
        maskA.setName("attention_mask");
        NDList list = new NDList(idsA, maskA);
        if (tokenTypeIds) {
            NDArray typesA = nd.create(types, shape);
            typesA.setName("token_type_ids");
            list.add(typesA);
        }
        return list;
    }

    @Override
    public float[][] processOutput(TranslatorContext ctx, NDList list) {
        NDArray out = list.get(0);
        for (NDArray a : list) {
            if ("last_hidden_state".equals(a.getName()) || "sentence_embedding".equals(a.getName())) {
                out = a;
                break;
            }
        }
        Shape s = out.getShape();
        float[] v = out.toFloatArray();
        if (s.dimension() == 2) {
            int b = (int) s.get(0);
            int h = (int) s.get(1);
            float[][] res = new float[b][h];
            for (int i = 0; i < b; i++) {
                System.arraycopy(v, i * h, res[i], 0, h);
                normalize(res[i]);
            }
            return res;
        }
        int b = (int) s.get(0);
        int t = (int) s.get(1);
        int h = (int) s.get(2);
        long[] mask = (long[]) ctx.getAttachment("mask");
        float[][] res = new float[b][h];
        for (int i = 0; i < b; i++) {
            float[] r = res[i];
            int n = 0;
            for (int j = 0; j < t; j++) {
                if (mask[i * t + j] == 0) {
                    continue;
                }
                n++;
                int base = (i * t + j) * h;
                for (int k = 0; k < h; k++) {
                    r[k] += v[base + k];
                }
            }
            if (n > 0) {
                for (int k = 0; k < h; k++) {
                    r[k] /= n;
                }
            }
            normalize(r);
        }
        return res;
    }

    static void normalize(float[] r) {
        double sq = 0;
        for (float x : r) {
            sq += x * x;
        }
        float norm = (float) Math.sqrt(Math.max(sq, 1e-12));
        for (int k = 0; k < r.length; k++) {
            r[k] /= norm;
        }
    }
}
