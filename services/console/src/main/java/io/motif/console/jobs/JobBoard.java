package io.motif.console.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator's view of jobs and workers, folded from {@code motif.progress} (what is running where, how far, the
 * loss and ETA) and {@code motif.jobs.status} (how each job ended). A terminal status is final: progress that
 * arrives after it (a fenced worker's last reports) does not reopen the job. Thread-safe.
 */
public final class JobBoard {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One job as the console shows it. */
    public record JobView(String jobId, String conceptId, String tenant, String worker, String state, long step,
                          long totalSteps, Double loss, Double etaSeconds, String detail, String updated,
                          List<Double> lossCurve) {
    }

    /** One worker: the job it last reported on and when. */
    public record WorkerView(String worker, String jobId, String state, String lastSeen) {
    }

    private final Map<String, JobView> jobs = new LinkedHashMap<>();
    private final Map<String, WorkerView> workers = new LinkedHashMap<>();

    public synchronized void onProgress(String json) {
        JsonNode n = parse(json);
        String jobId = n.path("jobId").asText(null);
        if (jobId == null) {
            return;
        }
        String worker = n.path("worker").asText(null);
        String state = n.path("state").asText("running");
        String time = n.path("time").asText(null);
        if (worker != null) {
            workers.put(worker, new WorkerView(worker, jobId, state, time));
        }
        JobView old = jobs.get(jobId);
        if (old != null && isTerminal(old.state())) {
            return;
        }
        List<Double> curve = old == null ? new ArrayList<>() : new ArrayList<>(old.lossCurve());
        Double loss = n.hasNonNull("loss") ? n.get("loss").asDouble() : (old == null ? null : old.loss());
        if ("running".equals(state) && n.hasNonNull("loss")) {
            curve.add(n.get("loss").asDouble());
        }
        jobs.put(jobId, new JobView(jobId, text(n, "conceptId", old == null ? null : old.conceptId()),
                text(n, "tenant", old == null ? null : old.tenant()), worker, state, n.path("step").asLong(),
                n.has("totalSteps") ? n.get("totalSteps").asLong() : (old == null ? 0 : old.totalSteps()), loss,
                n.hasNonNull("etaSeconds") ? n.get("etaSeconds").asDouble() : null, null, time,
                List.copyOf(curve)));
    }

    public synchronized void onStatus(String json) {
        JsonNode n = parse(json);
        String jobId = n.path("jobId").asText(null);
        if (jobId == null) {
            return;
        }
        JobView old = jobs.get(jobId);
        jobs.put(jobId, new JobView(jobId, old == null ? null : old.conceptId(), old == null ? null : old.tenant(),
                n.path("workerId").asText(null), n.path("state").asText(), old == null ? 0 : old.step(),
                old == null ? 0 : old.totalSteps(), old == null ? null : old.loss(), null,
                n.path("detail").asText(null), n.path("time").asText(null),
                old == null ? List.of() : old.lossCurve()));
    }

    /** Newest first. */
    public synchronized List<JobView> jobs() {
        List<JobView> list = new ArrayList<>(jobs.values());
        list.sort(Comparator.comparing((JobView j) -> j.updated() == null ? "" : j.updated()).reversed());
        return list;
    }

    public synchronized List<WorkerView> workers() {
        return List.copyOf(workers.values());
    }

    private static boolean isTerminal(String state) {
        return "completed".equals(state) || "failed".equals(state) || "rejected".equals(state);
    }

    private static String text(JsonNode n, String field, String fallback) {
        return n.hasNonNull(field) ? n.get(field).asText() : fallback;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return JSON.createObjectNode(); // an unreadable record is skipped, not fatal for the dashboard
        }
    }
}
