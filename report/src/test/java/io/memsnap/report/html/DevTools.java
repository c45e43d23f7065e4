// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal Chrome DevTools Protocol client over one WebSocket to the browser endpoint (flat sessions): send a
 * command and wait for its reply, and keep every event for later inspection. Thread-safe.
 */
final class DevTools implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new ArrayList<>();

    private DevTools(URI browser) {
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(browser, new Listener()).join();
    }

    static DevTools connect(URI browser) {
        return new DevTools(browser);
    }

    /** Sends {@code method} with {@code params} (to a page session if {@code session} is not null), awaits result. */
    JsonNode call(String session, String method, ObjectNode params) throws IOException {
        int id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", params == null ? JSON.createObjectNode() : params);
        if (session != null) {
            msg.put("sessionId", session);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(JSON.writeValueAsString(msg), true).join();
        try {
            JsonNode r = reply.get(30, TimeUnit.SECONDS);
            if (r.has("error")) {
                throw new IOException(method + " failed: " + r.get("error"));
            }
            return r.get("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException(method + " got no reply", e);
        }
    }

    static ObjectNode params() {
        return JSON.createObjectNode();
    }

    /** Every event received so far. */
    synchronized List<JsonNode> events() {
        return List.copyOf(events);
    }

    /** Waits until an event named {@code method} has arrived. */
    void await(String method, int seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (events().stream().noneMatch(e -> method.equals(e.path("method").asText()))) {
            if (System.nanoTime() > deadline) {
                throw new IOException("no " + method + " within " + seconds + " s; events: " + events());
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode n = JSON.readTree(text);
                    if (n.has("id")) {
                        CompletableFuture<JsonNode> f = pending.remove(n.get("id").asInt());
                        if (f != null) {
                            f.complete(n);
                        }
                    } else {
                        synchronized (DevTools.this) {
                            events.add(n);
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException("bad DevTools message: " + text, e);
                }
            }
            ws.request(1);
            return null;
        }
    }
}
