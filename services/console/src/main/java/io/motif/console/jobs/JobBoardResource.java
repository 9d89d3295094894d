package io.motif.console.jobs;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;

/** The job board as JSON ({@code /console/jobs}, {@code /console/workers}) and as a small HTML page ({@code /console}). */
@Path("/console")
public class JobBoardResource {

    @Inject
    JobBoard board;

    @GET
    @Path("/jobs")
    @Produces(MediaType.APPLICATION_JSON)
    public List<JobBoard.JobView> jobs() {
        return board.jobs();
    }

    @GET
    @Path("/workers")
    @Produces(MediaType.APPLICATION_JSON)
    public List<JobBoard.WorkerView> workers() {
        return board.workers();
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public String page() {
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=utf-8>"
                + "<meta http-equiv=refresh content=3><title>Motif console</title>"
                + "<style>body{font:14px sans-serif;margin:2em}td,th{padding:4px 10px;text-align:left}"
                + "tr:nth-child(even){background:#f4f4f4}</style></head><body><h1>Motif — jobs</h1>"
                + "<table><tr><th>job</th><th>concept</th><th>worker</th><th>state</th><th>step</th><th>loss</th>"
                + "<th>ETA</th><th>detail</th></tr>");
        for (JobBoard.JobView j : board.jobs()) {
            html.append("<tr><td>").append(esc(j.jobId())).append("</td><td>").append(esc(j.conceptId()))
                    .append("</td><td>").append(esc(j.worker())).append("</td><td>").append(esc(j.state()))
                    .append("</td><td>").append(j.step()).append(" / ").append(j.totalSteps())
                    .append("</td><td>").append(j.loss() == null ? "" : String.format(Locale.ROOT, "%.4f", j.loss()))
                    .append("</td><td>").append(j.etaSeconds() == null ? "" : String.format(Locale.ROOT, "%.0f s", j.etaSeconds()))
                    .append("</td><td>").append(esc(j.detail())).append("</td></tr>");
        }
        html.append("</table><h2>Workers</h2><table><tr><th>worker</th><th>job</th><th>state</th><th>last seen</th></tr>");
        for (JobBoard.WorkerView w : board.workers()) {
            html.append("<tr><td>").append(esc(w.worker())).append("</td><td>").append(esc(w.jobId()))
                    .append("</td><td>").append(esc(w.state())).append("</td><td>").append(esc(w.lastSeen()))
                    .append("</td></tr>");
        }
        return html.append("</table></body></html>").toString();
    }

    private static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
