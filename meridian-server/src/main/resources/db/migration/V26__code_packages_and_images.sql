-- My code packages (我的代码包): the file a task starts (启动文件名) and when the content was last (re-)uploaded.
ALTER TABLE code_packages ADD COLUMN entry_file VARCHAR(255);
ALTER TABLE code_packages ADD COLUMN updated_at TIMESTAMP WITH TIME ZONE;
UPDATE code_packages SET updated_at = created_at;
ALTER TABLE code_packages ALTER COLUMN updated_at SET NOT NULL;
-- the list page reads a tenant's packages newest first, filtered by creation time
CREATE INDEX code_packages_list ON code_packages (tenant_id, created_at);
