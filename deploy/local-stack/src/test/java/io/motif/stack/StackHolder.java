package io.motif.stack;

import java.nio.file.Path;

/**
 * A stand-in for a test JVM or launcher: starts an ephemeral stack, prints the children's pids and waits to be
 * killed. {@link OrphanTest} kills it with SIGKILL and checks that the children go too.
 */
public final class StackHolder {

    public static void main(String[] args) throws Exception {
        ProcessStack stack = ProcessStack.startEphemeral(new StackHome(Path.of(args[0])));
        System.out.println("READY " + ProcessRecord.readAll(stack.home().runDir()).stream()
                .map(r -> Long.toString(r.pid())).reduce((a, b) -> a + " " + b).orElse(""));
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
