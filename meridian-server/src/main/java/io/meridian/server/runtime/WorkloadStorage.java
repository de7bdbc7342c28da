package io.meridian.server.runtime;

import java.nio.file.Path;

/**
 * The host directories behind an instance's {@code /work} layout that other features fill: {@code /work/home} of a user
 * and the code packages mounted at {@code /work/mount/code/<id>}.
 */
public interface WorkloadStorage
{
    Path home(String userId);

    Path codePackages();

    Path codePackage(String codePackageId);
}
