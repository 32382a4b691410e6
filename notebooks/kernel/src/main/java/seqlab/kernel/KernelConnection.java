package seqlab.kernel;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellHandler;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.channels.StdinChannel;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.dflib.jjava.jupyter.messages.reply.InputReply;
import org.dflib.jjava.jupyter.messages.request.InputRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * The kernel's sockets, hardened against anyone who can reach them. jjava-jupyter's channel loops die on the first
 * message with a wrong, empty or truncated signature or a junk frame (its reader throws out of the loop), after
 * which the kernel stops answering; the ports are on loopback, so any local user could do that without the key.
 *
 * <p>Here shell, control, stdin and heartbeat are served by loops of our own: each reads exactly the frames of
 * one ZeroMQ message, {@link WireMessages} checks and parses them, and an invalid message is logged (rate-limited)
 * and dropped while the loop goes on; a handler's exception is logged too. jjava's handlers (BaseKernel's
 * execute, complete, interrupt, shutdown ...) and its IOPub channel are used as they are.
 */
final class KernelConnection extends JupyterConnection {
    private static final Logger LOG = LoggerFactory.getLogger(KernelConnection.class);
    /** How long a loop waits for a message before it looks whether the connection was closed. */
    private static final int POLL_MS = 100;

    private final KernelConnectionProperties props;
    private final ZMQ.Context ctx = ZMQ.context(1);
    private final GuardedShell shellChannel, controlChannel;
    private final GuardedStdin stdinChannel;
    private final ZMQ.Socket heartbeatSocket;
    private final List<Thread> loops = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private volatile boolean running = true;

    KernelConnection(KernelConnectionProperties props) throws NoSuchAlgorithmException, InvalidKeyException {
        super(props);
        this.props = props;
        HMACGenerator hmac = props.createHMACGenerator();
        shellChannel = new GuardedShell(ctx, hmac, false, this);
        controlChannel = new GuardedShell(ctx, hmac, true, this);
        stdinChannel = new GuardedStdin(ctx, hmac, this);
        heartbeatSocket = ctx.socket(SocketType.ROUTER);
    }

    boolean running() {
        return running;
    }

    @Override
    public void connect() {
        String ip = props.getTransport() + "://" + props.getIp() + ":";
        // Heartbeats are a few bytes: a peer sending more is cut off instead of being echoed.
        heartbeatSocket.setMaxMsgSize(64 * 1024);
        heartbeatSocket.setLinger(0);
        heartbeatSocket.bind(ip + props.getHbPort());
        bind(shellChannel, ip + props.getShellPort());
        bind(controlChannel, ip + props.getControlPort());
        bind(stdinChannel, ip + props.getStdinPort());
        getIOPub().bind(props);
        start("heartbeat", this::heartbeat);
        start("shell", () -> serve(shellChannel, "shell"));
        start("control", () -> serve(controlChannel, "control"));
        getIOPub().sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.STARTING));
    }

    /** Binds a channel that our loops read; on close, replies still queued get a second to leave. */
    private static void bind(ZMQ.Socket channel, String address) {
        channel.setLinger(1000);
        channel.bind(address);
    }

    private void start(String name, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (RuntimeException e) {
                if (running) {
                    LOG.error("{} loop stopped: {}", name, e.toString());
                }
            }
        }, "seqlab-kernel-" + name);
        t.setDaemon(true);
        loops.add(t);
        t.start();
    }

    /** Echoes every message back to its sender, as ipykernel's heartbeat device does. */
    private void heartbeat() {
        ZMQ.Poller poller = ctx.poller(1);
        poller.register(heartbeatSocket, ZMQ.Poller.POLLIN);
        while (running) {
            if (poller.poll(POLL_MS) <= 0 || !running) {
                continue;
            }
            List<byte[]> frames = receive(heartbeatSocket);
            for (int i = 0; i < frames.size(); i++) {
                heartbeatSocket.send(frames.get(i), (i < frames.size() - 1 ? ZMQ.SNDMORE : 0) | ZMQ.DONTWAIT);
            }
        }
    }

    /** Reads the frames of one message; a message arrives whole, so after the first frame none blocks. */
    static List<byte[]> receive(ZMQ.Socket socket) {
        List<byte[]> frames = new ArrayList<>();
        byte[] f = socket.recv(ZMQ.DONTWAIT);
        if (f == null) {
            return frames;
        }
        frames.add(f);
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        return frames;
    }

    /** Serves shell or control requests until the connection closes; what cannot be handled is logged and dropped. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void serve(GuardedShell channel, String name) {
        DropLog drops = new DropLog(name);
        ZMQ.Poller poller = ctx.poller(1);
        poller.register(channel, ZMQ.Poller.POLLIN);
        while (running) {
            if (poller.poll(POLL_MS) <= 0 || !running) {
                continue;
            }
            Message<?> message;
            try {
                message = channel.next();
            } catch (WireMessages.Invalid e) {
                drops.dropped(e.getMessage());
                continue;
            }
            if (message == null) {
                continue;
            }
            ShellHandler handler = getHandler(message.getHeader().getType());
            if (handler == null) {
                drops.dropped("no handler for " + message.getHeader().getType().getName());
                continue;
            }
            ShellReplyEnvironment env = prepareReplyEnv(channel, message);
            try {
                handler.handle(env, message);
            } catch (Exception | LinkageError e) {
                LOG.warn("{}: {} failed: {}", name, message.getHeader().getType().getName(), e.toString());
            } finally {
                env.resolveDeferrals();
            }
            if (env.isMarkedForShutdown()) {
                close();
            }
        }
    }

    @Override
    public ShellReplyEnvironment prepareReplyEnv(ShellChannel shell, MessageContext context) {
        // The constructor is protected: an (empty) subclass reaches it, with our stdin instead of jjava's.
        return new ShellReplyEnvironment(shell, stdinChannel, getIOPub(), context) {
        };
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        running = false;
        for (Thread t : loops) {
            if (t != Thread.currentThread()) {
                try {
                    // A loop notices within POLL_MS; one busy in a long cell is not waited for.
                    t.join(2L * POLL_MS + 200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        shellChannel.close();
        controlChannel.close();
        stdinChannel.close();
        heartbeatSocket.close();
        super.close();
        closedLatch.countDown();
        Thread closer = new Thread(ctx::close, "seqlab-kernel-close");
        closer.setDaemon(true);
        closer.start();
    }

    @Override
    public void waitUntilClose() {
        try {
            closedLatch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Logs dropped messages: the first at once, then at most one line a second with the count. */
    static final class DropLog {
        private final String channel;
        private long count, logged, lastLog;

        DropLog(String channel) {
            this.channel = channel;
        }

        synchronized void dropped(String reason) {
            count++;
            long now = System.nanoTime();
            if (logged == 0 || now - lastLog > 1_000_000_000L) {
                LOG.warn("{}: dropped an invalid message ({}); {} dropped on this channel so far", channel, reason,
                        count);
                logged++;
                lastLog = now;
            }
        }
    }

    /** A shell or control socket whose messages are read by {@link #next}, not by jjava's loop. */
    static final class GuardedShell extends ShellChannel {

        GuardedShell(ZMQ.Context ctx, HMACGenerator hmac, boolean control, JupyterConnection connection) {
            super(ctx, hmac, control, connection);
        }

        /** jjava's version binds and starts the loop that dies on the first invalid message; never run it. */
        @Override
        public void bind(KernelConnectionProperties connProps) {
            throw new UnsupportedOperationException("KernelConnection binds this channel");
        }

        /** The next message, null if none is waiting. */
        Message<?> next() throws WireMessages.Invalid {
            List<byte[]> frames;
            synchronized (this) {
                frames = receive(this);
            }
            return frames.isEmpty() ? null : WireMessages.parse(frames, hmacGenerator);
        }

        @Override
        public void waitUntilClose() {
        }
    }

    /**
     * The stdin socket: an input request is answered by the next valid {@code input_reply} from the front end;
     * junk that arrived before the request, or instead of the reply, is dropped.
     */
    static final class GuardedStdin extends StdinChannel {
        private final KernelConnection connection;
        private final DropLog drops = new DropLog("stdin");

        GuardedStdin(ZMQ.Context ctx, HMACGenerator hmac, KernelConnection connection) {
            super(ctx, hmac);
            this.connection = connection;
        }

        @Override
        public synchronized String getInput(MessageContext context, String prompt, boolean isPassword) {
            for (List<byte[]> stale = receive(this); !stale.isEmpty(); stale = receive(this)) {
                drops.dropped("arrived before any input request");
            }
            sendMessage(new Message<>(context, InputRequest.MESSAGE_TYPE, new InputRequest(prompt, isPassword)));
            ZMQ.Poller poller = ctx.poller(1);
            poller.register(this, ZMQ.Poller.POLLIN);
            while (connection.running()) {
                if (poller.poll(POLL_MS) <= 0) {
                    continue;
                }
                List<byte[]> frames = receive(this);
                if (frames.isEmpty()) {
                    continue;
                }
                try {
                    Message<?> m = WireMessages.parse(frames, hmacGenerator);
                    if (m.getHeader().getType() == InputReply.MESSAGE_TYPE) {
                        return ((InputReply) m.getContent()).getValue() + System.lineSeparator();
                    }
                    drops.dropped(m.getHeader().getType().getName() + " while waiting for an input_reply");
                } catch (WireMessages.Invalid e) {
                    drops.dropped(e.getMessage());
                }
            }
            throw new IllegalStateException("the kernel is shutting down; no input was read");
        }
    }
}
