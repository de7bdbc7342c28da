/**
 * 我的镜像 (My images): the custom images a tenant's users register (自定义镜像), container-registry shares with a deadline
 * and an enabled flag (共享容器镜像), images users share with their tenant (他人分享镜像), and, with the environment
 * feature's presets (系统预置镜像), the choices that forms starting work offer. An image is a reference a backend pulls;
 * Meridian never connects to a registry, so a reference is data, never a command or a URL it fetches.
 */
package io.meridian.server.image;
