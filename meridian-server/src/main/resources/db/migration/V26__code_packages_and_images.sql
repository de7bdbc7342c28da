-- My code packages (我的代码包): the file a task starts (启动文件名) and when the content was last (re-)uploaded.
ALTER TABLE code_packages ADD COLUMN entry_file VARCHAR(255);
ALTER TABLE code_packages ADD COLUMN updated_at TIMESTAMP WITH TIME ZONE;
UPDATE code_packages SET updated_at = created_at;
ALTER TABLE code_packages ALTER COLUMN updated_at SET NOT NULL;
-- the list page reads a tenant's packages newest first, filtered by creation time
CREATE INDEX code_packages_list ON code_packages (tenant_id, created_at);

-- My images (我的镜像): a user's image versions by reference. CUSTOM: 自定义镜像; REGISTRY_SHARE: 共享容器镜像, usable
-- while share_enabled and before share_deadline. shared: the owner shares it with the tenant (他人分享镜像 for others).
-- tags are stored as ",ssh,gpu," so that one tag is matched whole. Presets are not rows: they come from environments/.
CREATE TABLE images (
    id               VARCHAR(40) PRIMARY KEY,
    tenant_id        VARCHAR(40) NOT NULL,
    owner_id         VARCHAR(40) NOT NULL,
    name             VARCHAR(100) NOT NULL,
    image_version    VARCHAR(128) NOT NULL,
    reference        VARCHAR(255) NOT NULL,
    source           VARCHAR(16) NOT NULL,
    tags             VARCHAR(400) NOT NULL DEFAULT '',
    vendor           VARCHAR(256),
    framework        VARCHAR(256),
    description      VARCHAR(2000),
    share_deadline   TIMESTAMP WITH TIME ZONE,
    share_enabled    BOOLEAN NOT NULL DEFAULT TRUE,
    shared           BOOLEAN NOT NULL DEFAULT FALSE,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    version          BIGINT NOT NULL DEFAULT 0,
    UNIQUE (tenant_id, owner_id, name, image_version)
);
CREATE INDEX images_list ON images (tenant_id, owner_id, name);
CREATE INDEX images_shared ON images (tenant_id, shared, name);
