<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema;

return new class extends Migration
{
    public function up()
    {
        // On MySQL, Laravel 8 renames through Doctrine DBAL, which writes the column anew in
        // its own types: the timestamp comes back a DATETIME and the enum a VARCHAR(255).
        Schema::table('subscriptions', function (Blueprint $table) {
            $table->renameColumn('trial_ends_at', 'trial_until');
        });
        Schema::table('invoices', function (Blueprint $table) {
            $table->renameColumn('status', 'state');
        });
    }

    public function down()
    {
        Schema::table('subscriptions', function (Blueprint $table) {
            $table->renameColumn('trial_until', 'trial_ends_at');
        });
        Schema::table('invoices', function (Blueprint $table) {
            $table->renameColumn('state', 'status');
        });
    }
};
