<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Support\Facades\DB;

return new class extends Migration
{
    public function up()
    {
        DB::statement('CREATE INDEX authors_name_index ON authors (name)');

        DB::statement("
            ALTER TABLE authors
                ALTER COLUMN name TYPE varchar(100)
        ");
    }

    public function down()
    {
        DB::statement('DROP INDEX authors_name_index');
    }
};
