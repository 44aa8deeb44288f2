<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\DB;
use Illuminate\Support\Facades\Schema;

return new class extends Migration
{
    public function up()
    {
        DB::table('users')->whereNull('locale')->update(['locale' => 'en']);
        DB::statement('create index users_created_at_index on users (created_at)');
    }

    public function down()
    {
        DB::statement('drop index users_created_at_index on users');
    }
};
