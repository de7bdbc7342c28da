package io.meridian.server.training;

/** Code packages (代码包) as other features that mount them see them. */
public interface CodePackages
{
    /** Whether the tenant has the code package: another tenant's is never found. */
    boolean exists(String tenantId, String codePackageId);
}
