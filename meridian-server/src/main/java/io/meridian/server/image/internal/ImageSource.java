package io.meridian.server.image.internal;

/** Where a registered image comes from (001-B §2.3; 001-A's 镜像来源). */
enum ImageSource
{
    /** 自定义镜像: an image of the user's own, registered by its reference. */
    CUSTOM,
    /** 共享容器镜像: shared from a container registry; usable only while the share is enabled and its deadline has not passed. */
    REGISTRY_SHARE
}
