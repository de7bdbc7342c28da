package io.meridian.server.iam;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session's principal is remembered for a few seconds between calls; these try to catch the memory out after a change
 * that must apply at the very next call. (Logout and group changes are tried in AuthApiTest and UserGroupApiTest.)
 */
class SessionCacheApiTest
        extends IamTestSupport
{
    @Test
    void aDeletedUsersSessionIsRefusedAtItsNextCallThoughItWasJustUsed()
    {
        Tenant tenant = newTenant();
        User gina = newUser(tenant.main());
        assertThat(gina.client().get("/api/v1/me").status()).isEqualTo(200);
        assertThat(gina.client().get("/api/v1/me").status()).isEqualTo(200);

        var deleted = tenant.main().delete("/api/v1/users/" + gina.id());

        assertThat(deleted.status()).as(deleted.toString()).isBetween(200, 204);
        assertThat(gina.client().get("/api/v1/me").status()).isEqualTo(401);
    }
}
