<?php
// The oracle of the Laravel tests: Laravel 8's own migrator (Debian's php-laravel-framework),
// booted without an application. It runs the migrations of MIGRATIONS_DIR against the
// connection in the LARAVEL_DB_* variables, exactly as `php artisan migrate` would.
//
//   LARAVEL_DB_DRIVER=sqlite|pgsql|mysql LARAVEL_DB_DATABASE=… [LARAVEL_DB_HOST … PORT
//   USERNAME PASSWORD] php migrate.php MIGRATIONS_DIR [migrate|rollback|reset|status]
//
// The password comes from the environment so that it never shows in a process list.

require_once '/usr/share/php/Illuminate/autoload.php';
if (is_file('/usr/share/php/Doctrine/DBAL/autoload.php')) {
    // renameColumn, change and SQLite's dropColumn need Doctrine DBAL in Laravel 8.
    require_once '/usr/share/php/Doctrine/DBAL/autoload.php';
}

use Illuminate\Container\Container;
use Illuminate\Database\Capsule\Manager as Capsule;
use Illuminate\Database\Migrations\DatabaseMigrationRepository;
use Illuminate\Database\Migrations\Migrator;
use Illuminate\Events\Dispatcher;
use Illuminate\Filesystem\Filesystem;
use Illuminate\Support\Facades\Facade;

$dir = $argv[1] ?? null;
$action = $argv[2] ?? 'migrate';
if ($dir === null || !is_dir($dir)) {
    fwrite(STDERR, "usage: php migrate.php MIGRATIONS_DIR [migrate|rollback|reset|status]\n");
    exit(2);
}
$env = fn (string $name, $default = null) => getenv("LARAVEL_DB_$name") ?: $default;
$driver = $env('DRIVER', 'sqlite');
$config = [
    'driver' => $driver,
    'database' => $env('DATABASE'),
    'prefix' => '',
];
if ($driver === 'sqlite') {
    $config['foreign_key_constraints'] = true;
} else {
    $config += [
        'host' => $env('HOST', '127.0.0.1'),
        'port' => $env('PORT'),
        'username' => $env('USERNAME'),
        'password' => $env('PASSWORD', ''),
    ];
}
// The connection settings of Laravel 8's config/database.php.
if ($driver === 'mysql') {
    $config += ['charset' => 'utf8mb4', 'collation' => 'utf8mb4_unicode_ci', 'strict' => true, 'engine' => null];
}
if ($driver === 'pgsql') {
    $config += ['charset' => 'utf8', 'schema' => 'public', 'sslmode' => 'prefer'];
}

$container = new Container();
Container::setInstance($container);
$capsule = new Capsule($container);
$capsule->addConnection($config);
$capsule->setEventDispatcher(new Dispatcher($container));
$capsule->setAsGlobal();
$capsule->bootEloquent();
// Migrations use the Schema and DB facades, as in a real application.
$container->instance('db', $capsule->getDatabaseManager());
$container->bind('db.schema', fn () => $capsule->getConnection()->getSchemaBuilder());
Facade::setFacadeApplication($container);
class_alias(\Illuminate\Support\Facades\Schema::class, 'Schema');
class_alias(\Illuminate\Support\Facades\DB::class, 'DB');

if (getenv('LARAVEL_LOG_SQL')) {
    // Every statement Laravel sends, on stderr: how the expected SQL of a fixture is learned.
    $capsule->getConnection()->listen(fn ($query) => fwrite(STDERR, $query->sql . ";\n"));
}

$resolver = $capsule->getDatabaseManager();
$repository = new DatabaseMigrationRepository($resolver, 'migrations');
if (!$repository->repositoryExists()) {
    $repository->createRepository();
}
$migrator = new Migrator($repository, $resolver, new Filesystem());
try {
    switch ($action) {
        case 'migrate':
            $ran = $migrator->run([$dir]);
            break;
        case 'rollback':
            $ran = $migrator->rollback([$dir]);
            break;
        case 'reset':
            $ran = $migrator->reset([$dir]);
            break;
        case 'status':
            // What `artisan migrate:status` does: every file, and whether it ran.
            $done = $repository->getRan();
            foreach ($migrator->getMigrationFiles([$dir]) as $name => $path) {
                $migrator->requireFiles([$path]);
                echo in_array($name, $done, true) ? 'Ran' : 'Pending', " $name\n";
            }
            exit(0);
        default:
            fwrite(STDERR, "unknown action $action\n");
            exit(2);
    }
} catch (Throwable $e) {
    fwrite(STDERR, get_class($e) . ': ' . $e->getMessage() . "\n");
    exit(1);
}
foreach ($ran as $path) {
    echo basename($path, '.php'), "\n";
}
