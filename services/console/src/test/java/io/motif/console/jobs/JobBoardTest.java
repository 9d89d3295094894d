package io.motif.console.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobBoardTest {

    private static String progress(String worker, String state, int step, Double loss, String time) {
        return "{\"jobId\":\"job-1\",\"conceptId\":\"cat\",\"tenant\":\"t1\",\"worker\":\"" + worker + "\",\"state\":\""
                + state + "\",\"step\":" + step + ",\"totalSteps\":10" + (loss == null ? "" : ",\"loss\":" + loss)
                + ",\"etaSeconds\":5.0,\"time\":\"" + time + "\"}";
    }

    @Test
    void progressMovesAJobAcrossWorkersAndTheStatusEndsIt() {
        JobBoard board = new JobBoard();
        board.onProgress(progress("w1", "running", 1, 0.5, "2026-01-01T00:00:01Z"));
        board.onProgress(progress("w1", "running", 2, 0.4, "2026-01-01T00:00:02Z"));
        board.onProgress(progress("w2", "resumed", 2, null, "2026-01-01T00:00:10Z"));
        board.onProgress(progress("w2", "running", 3, 0.3, "2026-01-01T00:00:11Z"));

        JobBoard.JobView running = board.jobs().get(0);
        assertThat(running.worker()).isEqualTo("w2");
        assertThat(running.step()).isEqualTo(3);
        assertThat(running.conceptId()).isEqualTo("cat");
        assertThat(running.lossCurve()).containsExactly(0.5, 0.4, 0.3);
        assertThat(board.workers()).extracting(JobBoard.WorkerView::worker).containsExactly("w1", "w2");

        board.onStatus("{\"jobId\":\"job-1\",\"state\":\"completed\",\"workerId\":\"w2\",\"detail\":\"{}\","
                + "\"time\":\"2026-01-01T00:00:20Z\"}");
        // a fenced worker's late report does not reopen the job
        board.onProgress(progress("w1", "running", 4, 0.2, "2026-01-01T00:00:21Z"));

        JobBoard.JobView done = board.jobs().get(0);
        assertThat(done.state()).isEqualTo("completed");
        assertThat(done.worker()).isEqualTo("w2");
        assertThat(done.lossCurve()).containsExactly(0.5, 0.4, 0.3);
    }

    @Test
    void unreadableRecordsAreSkipped() {
        JobBoard board = new JobBoard();
        board.onProgress("not json");
        board.onStatus("{}");
        assertThat(board.jobs()).isEmpty();
    }
}
