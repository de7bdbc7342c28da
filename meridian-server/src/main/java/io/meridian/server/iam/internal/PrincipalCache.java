package io.meridian.server.iam.internal;

import io.meridian.server.platform.security.Principal;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.context.support.ServletRequestHandledEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * Signed-in principals by session token hash, for a few seconds, so that a burst of reads is not a burst of session
 * look-ups (one statement of a list page's five). Whatever could change who a principal is or whether its session
 * lives — a logout, a disabled user, a group or policy change — is a mutating API call, and any mutating call empties
 * the cache once its transaction has ended; a look-up that began before that may not fill it afterwards. Another
 * server of the same installation sees such a change within {@link #TTL}.
 */
@Component
class PrincipalCache
{
    static final Duration TTL = Duration.ofSeconds(5);
    private static final int MAX_ENTRIES = 10_000;
    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");

    private record Entry(Principal principal, Instant until) {}

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    /** Taken before a look-up, handed to {@link #put}: a change in between keeps the looked-up principal out. */
    long generation()
    {
        return generation.get();
    }

    Optional<Principal> get(String tokenHash, Instant now)
    {
        Entry entry = entries.get(tokenHash);
        return entry == null || !now.isBefore(entry.until()) ? Optional.empty() : Optional.of(entry.principal());
    }

    void put(String tokenHash, Principal principal, Instant now, long lookedUpIn)
    {
        requireNonNull(principal, "principal is null");
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(tokenHash, new Entry(principal, now.plus(TTL)));
        if (generation.get() != lookedUpIn) {
            // invalidated while it was looked up: what was read may predate the change
            entries.remove(tokenHash);
        }
    }

    void clear()
    {
        generation.incrementAndGet();
        entries.clear();
    }

    @EventListener
    void onRequestHandled(ServletRequestHandledEvent event)
    {
        if (!MUTATING.contains(event.getMethod())) {
            return;
        }
        clear();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            // the call's transaction commits after this event: clear again once what it changed is visible
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization()
            {
                @Override
                public void afterCompletion(int status)
                {
                    clear();
                }
            });
        }
    }
}
