package io.meridian.server.iam.internal;

import io.meridian.server.platform.bootstrap.FirstStartStep;
import io.meridian.server.platform.config.MeridianProperties;
import io.meridian.server.platform.i18n.InstallationLanguage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;

import static java.util.Objects.requireNonNull;

/**
 * The first tenant and its main account {@code admin}, who is also the platform operator, so that a single-user
 * install works at once. The password comes from MERIDIAN_ADMIN_PASSWORD or is generated and printed once.
 */
@Component
class IamFirstStart
        implements FirstStartStep
{
    static final String FIRST_TENANT = "default";
    static final String ADMIN = "admin";
    private static final Logger log = LoggerFactory.getLogger(IamFirstStart.class);

    private final TenantService tenants;
    private final MeridianProperties properties;

    private final InstallationLanguage language;

    IamFirstStart(TenantService tenants, MeridianProperties properties, InstallationLanguage language)
    {
        this.language = requireNonNull(language, "language is null");
        this.tenants = requireNonNull(tenants, "tenants is null");
        this.properties = requireNonNull(properties, "properties is null");
    }

    @Override
    public String name()
    {
        return "iam.first-tenant-and-admin";
    }

    @Override
    public int order()
    {
        return 100;
    }

    @Override
    public void run()
    {
        boolean generated = properties.adminPassword() == null || properties.adminPassword().isBlank();
        String password = generated ? generatePassword() : properties.adminPassword();
        tenants.create(new TenantService.NewTenant(FIRST_TENANT, language.text("iam.first-start.tenant"), ADMIN, password, null), true);
        if (generated) {
            // Printed once, here; it is stored only as a bcrypt hash.
            String banner = "\n================================================================\n"
                    + " Meridian first start: user 'admin', password: " + password + "\n"
                    + " (set MERIDIAN_ADMIN_PASSWORD before the first start to choose it)\n"
                    + "================================================================\n";
            System.out.println(banner);
        }
        else {
            log.info("Created user 'admin' with the password from MERIDIAN_ADMIN_PASSWORD");
        }
    }

    private static String generatePassword()
    {
        SecureRandom random = new SecureRandom();
        String lower = "abcdefghijkmnpqrstuvwxyz";
        String upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
        String digits = "23456789";
        String all = lower + upper + digits;
        StringBuilder password = new StringBuilder();
        password.append(upper.charAt(random.nextInt(upper.length())));
        password.append(lower.charAt(random.nextInt(lower.length())));
        password.append(digits.charAt(random.nextInt(digits.length())));
        for (int i = 0; i < 13; i++) {
            password.append(all.charAt(random.nextInt(all.length())));
        }
        return password.toString();
    }
}
