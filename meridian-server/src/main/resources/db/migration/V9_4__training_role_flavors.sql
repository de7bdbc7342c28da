-- TensorFlow PS: the parameter servers, the chief and the evaluator may each run on a flavor of their own (002 §4.6.4.1
-- 资源配置: Worker, PS, Chief and Evaluator resources); null runs the role on flavor_name, the workers' flavor.
-- A run's own copy of the definition (definition_json) carries the same fields.
ALTER TABLE training_tasks ADD COLUMN ps_flavor_name VARCHAR(100);
ALTER TABLE training_tasks ADD COLUMN chief_flavor_name VARCHAR(100);
ALTER TABLE training_tasks ADD COLUMN evaluator_flavor_name VARCHAR(100);
