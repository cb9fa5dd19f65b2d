package io.reelpipe.subtitle.speech;

import edu.cmu.sphinx.decoder.search.ActiveList;
import edu.cmu.sphinx.decoder.search.AlternateHypothesisManager;
import edu.cmu.sphinx.decoder.search.Token;
import edu.cmu.sphinx.result.Edge;
import edu.cmu.sphinx.result.Lattice;
import edu.cmu.sphinx.result.Node;
import edu.cmu.sphinx.result.Result;
import edu.cmu.sphinx.util.LogMath;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A word lattice for a Sphinx4 result cut by the endpointer, whose best path does not end in {@code </s>}.
 * Sphinx4 1.0.0's {@code new Lattice(result)} only accepts results whose best final token is a sentence end, so on
 * continuous speech it always failed and every word got a made-up 0.5. This builds the same lattice from the word
 * histories of the best surviving hypotheses instead (each collapsed with its alternate predecessors, as Sphinx does),
 * joined to one synthetic end node by an edge carrying the rest of the hypothesis' score. Posteriors then come from
 * Sphinx's own forward-backward ({@link Lattice#computeNodePosteriors(float)}).
 *
 * <p>Sphinx keeps the pieces private; they are reached through method handles, checked once at class load.
 */
final class SphinxLattice {

    /** Surviving hypotheses whose histories go into the lattice: more cost more, few give over-sure posteriors. */
    static final int HYPOTHESES = 50;

    private static final MethodHandle COLLAPSE;
    private static final MethodHandle GET_NODE;
    private static final MethodHandle SET_WORD_TOKEN_FIRST;
    private static final MethodHandle SET_LOSER_MANAGER;
    private static final MethodHandle SET_VISITED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(Lattice.class, MethodHandles.lookup());
            COLLAPSE = l.findVirtual(Lattice.class, "collapseWordToken",
                    java.lang.invoke.MethodType.methodType(void.class, Token.class));
            GET_NODE = l.findVirtual(Lattice.class, "getNode",
                    java.lang.invoke.MethodType.methodType(Node.class, Token.class));
            SET_WORD_TOKEN_FIRST = l.findSetter(Lattice.class, "wordTokenFirst", boolean.class);
            SET_LOSER_MANAGER = l.findSetter(Lattice.class, "loserManager", AlternateHypothesisManager.class);
            SET_VISITED = l.findSetter(Lattice.class, "visitedWordTokens", Set.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private SphinxLattice() {
    }

    /** The lattice of {@code result}, or null when it has no word hypotheses. */
    static Lattice of(Result result) throws Throwable {
        Lattice lattice = new Lattice();
        SET_WORD_TOKEN_FIRST.invoke(lattice, result.getWordTokenFirst());
        AlternateHypothesisManager losers = result.getAlternateHypothesisManager();
        if (losers != null) {
            losers.purge();
        }
        SET_LOSER_MANAGER.invoke(lattice, losers);
        SET_VISITED.invoke(lattice, new HashSet<Token>());
        // the best surviving hypothesis per last word token: its history, and the score it gained since that word
        Map<Token, Float> ends = new LinkedHashMap<>();
        for (Token t : candidates(result)) {
            Token w = t;
            while (w != null && !w.isWord()) {
                w = w.getPredecessor();
            }
            if (w != null && !w.getWord().isSentenceStartWord()) {
                ends.merge(w, t.getScore() - w.getScore(), Math::max);
            }
        }
        if (ends.isEmpty()) {
            return null;
        }
        Node end = lattice.addNode("end", "</s>", -1, -1);
        lattice.setTerminalNode(end);
        for (Map.Entry<Token, Float> e : ends.entrySet()) {
            Token w = e.getKey();
            COLLAPSE.invoke(lattice, w);
            Node node = (Node) GET_NODE.invoke(lattice, w);
            if (node != end && node.getEdgeToNode(end) == null) {
                lattice.addEdge(node, end, e.getValue(), 0);
            }
        }
        Node start = lattice.getNodes().stream().filter(n -> n.getWord().isSentenceStartWord())
                .min(Comparator.comparingLong(Node::getBeginTime)).orElse(null);
        if (start == null) {
            return null;
        }
        lattice.setInitialNode(start);
        return lattice;
    }

    private static List<Token> candidates(Result result) {
        List<Token> out = new ArrayList<>();
        if (result.getResultTokens() != null) {
            out.addAll(result.getResultTokens());
        }
        ActiveList active = result.getActiveTokens();
        if (active != null) {
            for (Token t : active) {
                out.add(t);
            }
        }
        out.sort(Comparator.comparingDouble(Token::getScore).reversed());
        return out.size() > HYPOTHESES ? out.subList(0, HYPOTHESES) : out;
    }

    /**
     * Node posteriors (probabilities, 0..1) by forward-backward over the lattice with every edge's log score
     * multiplied by {@code scale}. Sphinx's own {@code computeNodePosteriors} uses the raw scores, whose acoustic part
     * is far too sharp (frames are not independent), so every word came out 0.99+; scaling by 1/languageWeight is
     * the usual remedy (the decoder already weighted the language scores by that much).
     */
    static Map<Node, Double> posteriors(Lattice lattice, double scale) {
        LogMath logMath = LogMath.getLogMath();
        List<Node> order = topological(lattice.getNodes());
        Map<Node, Double> forward = new HashMap<>();
        Map<Node, Double> backward = new HashMap<>();
        // several starts and ends: the optimiser can leave histories that share no <s> node, or dangling ends
        for (Node n : order) {
            if (n.getEnteringEdges().isEmpty()) {
                forward.put(n, 0.0);
            }
            if (n.getLeavingEdges().isEmpty()) {
                backward.put(n, 0.0);
            }
        }
        for (Node n : order) {
            Double f = forward.get(n);
            if (f != null) {
                for (Edge e : n.getLeavingEdges()) {
                    forward.merge(e.getToNode(), f + score(e, scale, logMath), SphinxLattice::logAdd);
                }
            }
        }
        for (int i = order.size() - 1; i >= 0; i--) {
            Node n = order.get(i);
            Double b = backward.get(n);
            if (b != null) {
                for (Edge e : n.getEnteringEdges()) {
                    backward.merge(e.getFromNode(), b + score(e, scale, logMath), SphinxLattice::logAdd);
                }
            }
        }
        Double total = null;
        for (Node n : order) {
            if (n.getLeavingEdges().isEmpty() && forward.containsKey(n)) {
                total = total == null ? forward.get(n) : logAdd(total, forward.get(n));
            }
        }
        Map<Node, Double> out = new HashMap<>();
        for (Node n : order) {
            Double f = forward.get(n);
            Double b = backward.get(n);
            out.put(n, total == null || f == null || b == null ? 0.0 : Math.min(1, Math.exp(f + b - total)));
        }
        return out;
    }

    /** Kahn's algorithm over every node (Sphinx's sortNodes only walks from the initial node). */
    private static List<Node> topological(java.util.Collection<Node> nodes) {
        Map<Node, Integer> in = new HashMap<>();
        java.util.ArrayDeque<Node> ready = new java.util.ArrayDeque<>();
        for (Node n : nodes) {
            in.put(n, n.getEnteringEdges().size());
            if (n.getEnteringEdges().isEmpty()) {
                ready.add(n);
            }
        }
        List<Node> out = new ArrayList<>(nodes.size());
        while (!ready.isEmpty()) {
            Node n = ready.poll();
            out.add(n);
            for (Edge e : n.getLeavingEdges()) {
                if (in.merge(e.getToNode(), -1, Integer::sum) == 0) {
                    ready.add(e.getToNode());
                }
            }
        }
        return out;
    }

    private static double score(Edge e, double scale, LogMath logMath) {
        return scale * logMath.logToLn((float) (e.getAcousticScore() + e.getLMScore()));
    }

    private static double logAdd(double a, double b) {
        double max = Math.max(a, b);
        return max + Math.log(Math.exp(a - max) + Math.exp(b - max));
    }
}
